//! Every statement the store sends, written once for both databases.
//!
//! Both take the same text: `$1`-style parameters (SQLite reads `$1` as parameter 1), `returning`,
//! `on conflict do nothing`, `lower()`, `cast(… as text)`. Times the app compares against are bound
//! from its clock, so no statement names a database's own clock function. The one difference is
//! [`update_own!`]'s: on SQLite a statement that changes a row sets `updated_at` itself, since a
//! SQLite trigger's change comes too late for `returning`; on Postgres the `before update` trigger
//! sets it, and `authenticated` may not write the column at all.

/// A statement's text for each database; the same text for both but in [`update_own!`].
#[derive(Debug, Clone, Copy)]
pub struct Sql {
    pub postgres: &'static str,
    pub sqlite: &'static str,
}

impl Sql {
    const fn both(text: &'static str) -> Self {
        Self {
            postgres: text,
            sqlite: text,
        }
    }
}

/// The columns every `UserRow` query selects. `coalesce`: a Wrkks deployment may have added
/// `islive`/`style` itself, as nullable columns. The id and the résumé are read as text on both
/// databases (a uuid and jsonb on Postgres), so one record type reads them.
macro_rules! user_columns {
    () => {
        "cast(id as text) as id, clerk_user_id, username, email, cast(resume as text) as resume, \
         coalesce(islive, false) as islive, coalesce(style, 'simple') as style, \
         coalesce(accent, '') as accent, created_at, updated_at"
    };
}

/// One `update … returning` of the person's own row: `$1` is the subject, `$2` the new value.
/// The long form takes each database's own `set` (where their JSON functions differ) and a
/// condition the row must meet too (`""` for none).
macro_rules! update_own {
    ($set:literal) => {
        update_own!(postgres: $set, sqlite: $set, and: "")
    };
    (postgres: $pg:literal, sqlite: $lite:literal, and: $and:literal) => {
        Sql {
            postgres: concat!(
                "update users set ",
                $pg,
                " where clerk_user_id = $1",
                $and,
                " returning ",
                user_columns!()
            ),
            sqlite: concat!(
                "update users set ",
                $lite,
                ", updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') where clerk_user_id = $1",
                $and,
                " returning ",
                user_columns!()
            ),
        }
    };
}

// A person's own row (under Row Level Security on Postgres) and public reads.

pub const FIND_BY_SUBJECT: Sql = Sql::both(concat!(
    "select ",
    user_columns!(),
    " from users where clerk_user_id = $1"
));
/// No conflict target: a clash on the subject (someone else's first request won) and on the
/// username (compared without case) both end in "nothing inserted", never in an error; the read
/// that follows tells which.
pub const CREATE_USER: Sql = Sql::both(
    "insert into users (clerk_user_id, username, email) values ($1, $2, $3) on conflict do nothing",
);
pub const SET_RESUME: Sql = update_own!("resume = $2");
pub const SET_USERNAME: Sql = update_own!("username = $2");
pub const SET_EMAIL: Sql = update_own!("email = $2");
pub const SET_STYLE: Sql = update_own!("style = $2");
pub const SET_ACCENT: Sql = update_own!("accent = $2");
pub const SET_LIVE: Sql = update_own!("islive = $2");
/// The saved résumé's `personalInfo.imageUrl` becomes `$2` and nothing else changes, in one
/// statement: a save that lands while a photo is being processed is kept. With no résumé saved
/// (SQL or JSON null), `$3` is: a blank résumé carrying the URL. A stored value that is not an
/// object does not read as a résumé and is kept as it is; a `personalInfo` that is not an object
/// (never written by Vitae) starts afresh as one.
pub const SET_IMAGE_URL: Sql = update_own!(
    postgres: "resume = case when resume is null or jsonb_typeof(resume) = 'null' then $3 \
               when jsonb_typeof(resume) <> 'object' then resume \
               else jsonb_set(resume, '{personalInfo}', \
               (case when jsonb_typeof(resume -> 'personalInfo') = 'object' \
               then resume -> 'personalInfo' else '{}'::jsonb end) \
               || jsonb_build_object('imageUrl', cast($2 as text))) end",
    sqlite: "resume = case when resume is null or json_type(resume) = 'null' then $3 \
             when json_type(resume) <> 'object' then resume \
             else json_set(resume, '$.personalInfo', json_patch(\
             case when json_type(resume, '$.personalInfo') = 'object' \
             then json_extract(resume, '$.personalInfo') else '{}' end, \
             json_object('imageUrl', $2))) end",
    and: ""
);
/// Empties `personalInfo.imageUrl` only while it is still `$2` (the photo being removed): a
/// résumé pointed elsewhere since is left alone, and answers no row.
pub const CLEAR_IMAGE_URL: Sql = update_own!(
    postgres: "resume = jsonb_set(resume, '{personalInfo,imageUrl}', '\"\"'::jsonb)",
    sqlite: "resume = json_set(resume, '$.personalInfo.imageUrl', '')",
    and: " and resume is not null and resume -> 'personalInfo' ->> 'imageUrl' = $2"
);
/// One statement: a site is never live without a résumé.
pub const CLEAR_RESUME: Sql = update_own!("resume = null, islive = false");
pub const DELETE_USER: Sql = Sql::both("delete from users where clerk_user_id = $1");
/// Case-insensitive, served by the unique index on `lower(username)`. Should an old database hold
/// two usernames differing only in case, the exact match wins. Only the columns `anon` may read.
pub const FIND_LIVE: Sql = Sql::both(
    "select username, cast(resume as text) as resume, coalesce(style, 'simple') as style, \
     coalesce(accent, '') as accent, updated_at from users \
     where lower(username) = lower($1) and islive and resume is not null \
     order by username = $1 desc limit 1",
);

// Photos: one per person, replaced whole; read by anyone who has its id.

pub const DELETE_PHOTO: Sql = Sql::both("delete from photos where clerk_user_id = $1");
pub const INSERT_PHOTO: Sql =
    Sql::both("insert into photos (id, clerk_user_id, jpeg) values ($1, $2, $3)");
pub const FIND_PHOTO: Sql = Sql::both("select jpeg from photos where id = $1");

// The operator's.

pub const ADMIN_LIST: Sql = Sql::both(
    "select username, email, coalesce(islive, false) as is_live, updated_at \
     from users order by username",
);
pub const ADMIN_FIND: Sql = Sql::both(concat!(
    "select ",
    user_columns!(),
    " from users where lower(username) = lower($1) order by username = $1 desc limit 1"
));
pub const ADMIN_DELETE: Sql = Sql::both("delete from users where username = $1");

// Built-in accounts and their sessions.

macro_rules! account_columns {
    () => {
        "subject, email, password_hash, created_at, updated_at"
    };
}
macro_rules! session_columns {
    () => {
        "id as token_hash, subject, expires_at, created_at"
    };
}

pub const CREATE_ACCOUNT: Sql = Sql::both(concat!(
    "insert into accounts (subject, email, password_hash) values ($1, $2, $3) \
     on conflict do nothing returning ",
    account_columns!()
));
pub const FIND_ACCOUNT: Sql = Sql::both(concat!(
    "select ",
    account_columns!(),
    " from accounts where lower(email) = lower($1)"
));
/// `$3` is now: set here because SQLite's trigger cannot report it (Postgres's overrides it).
pub const SET_PASSWORD_HASH: Sql =
    Sql::both("update accounts set password_hash = $2, updated_at = $3 where subject = $1");
/// Also what `on delete cascade` does; said here so it holds without SQLite's foreign keys too.
pub const DELETE_SESSIONS_OF: Sql = Sql::both("delete from sessions where subject = $1");
pub const DELETE_ACCOUNT: Sql = Sql::both("delete from accounts where subject = $1");
pub const CREATE_SESSION: Sql = Sql::both(concat!(
    "insert into sessions (id, subject, expires_at) values ($1, $2, $3) returning ",
    session_columns!()
));
/// `$2` is now.
pub const FIND_SESSION: Sql = Sql::both(concat!(
    "select ",
    session_columns!(),
    " from sessions where id = $1 and expires_at > $2"
));
pub const DELETE_SESSION: Sql = Sql::both("delete from sessions where id = $1");
/// `$1` is now.
pub const DELETE_EXPIRED_SESSIONS: Sql = Sql::both("delete from sessions where expires_at <= $1");
