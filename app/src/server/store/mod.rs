//! The store: every read and write of people's data, behind one [`Store`] trait with a Postgres
//! ([`postgres::PgStore`]) and a SQLite ([`sqlite::SqliteStore`]) implementation.
//!
//! - The résumé crosses this boundary as a [`Resume`], decoded here and nowhere else. `Resume`
//!   keeps keys this version does not know (its `extra` maps), so they survive a read-modify-write;
//!   a stored value that does not read at all is [`Unreadable`] (see [`stored_resume`]).
//! - On Postgres, every method that touches a person's own row runs in a transaction *as that
//!   person* (role `authenticated`, claims `{"sub": subject}`), and public reads run as `anon`, so
//!   Row Level Security applies to the app's own queries. Methods named `admin_*` are for the
//!   operator's command line and run as the connecting role.
//! - Races are left to the database: inserts use `on conflict do nothing`, and a violated unique
//!   username becomes [`StoreError::UsernameTaken`].
//!
//! The contract both implementations meet is `app/tests/integration/store_contract.rs`.

pub mod invalidating;
pub mod pg;
pub mod postgres;
pub mod sqlite;
pub mod stored_resume;

use std::{fmt, sync::Arc};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use resume::Resume;
use serde::Serialize;
use uuid::Uuid;

pub use stored_resume::Unreadable;

use super::{
    config::{PoolMode, Secret},
    db::Database,
};
use crate::site::SiteStyle;

/// Reads a stored style. An older deployment may hold something else (the Postgres check
/// constraint is `not valid` for old rows); such a site is shown in the default style rather than
/// not at all.
fn style_from_db(stored: &str) -> SiteStyle {
    stored.parse().unwrap_or_else(|_| {
        tracing::warn!(
            style = stored,
            "unknown style in the database; showing `simple`"
        );
        SiteStyle::Simple
    })
}

/// One row of `users`, as its owner (or the operator) sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserRow {
    pub id: Uuid,
    /// The auth subject (`users.clerk_user_id`): a Clerk user id, or `local_…`.
    pub subject: String,
    /// Lower case as written by Vitae (rows written by Wrkks may differ in case).
    pub username: String,
    pub email: String,
    /// The stored résumé; `Ok(None)` until the first save, [`Unreadable`] when what is stored does
    /// not read as a résumé (kept as stored, never shown as an empty one).
    pub resume: Result<Option<Resume>, Unreadable>,
    /// Published: the public page is served (`users.islive`).
    pub is_live: bool,
    pub style: SiteStyle,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a visitor may see of a live site: never the email address or the auth subject.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublicSite {
    /// The stored (canonical) username: when it differs from the one asked for, redirect to it.
    pub username: String,
    pub resume: Resume,
    pub style: SiteStyle,
    /// For caching (`Last-Modified`, revalidation).
    pub updated_at: DateTime<Utc>,
}

impl PublicSite {
    /// A public read's row: `None` when the stored résumé is JSON `null` (nothing to show).
    fn from_stored(
        username: String,
        resume: String,
        style: &str,
        updated_at: DateTime<Utc>,
    ) -> Result<Option<Self>, StoreError> {
        Ok(stored_resume::read(Some(resume))?.map(|resume| Self {
            username,
            resume,
            style: style_from_db(style),
            updated_at,
        }))
    }
}

/// A row for the operator's `vitae users list`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UserSummary {
    pub username: String,
    pub email: String,
    pub is_live: bool,
    pub updated_at: DateTime<Utc>,
}

/// The fields of a new `users` row; everything else takes its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewUser<'a> {
    pub subject: &'a str,
    /// Stored in lower case.
    pub username: &'a str,
    pub email: &'a str,
}

/// A built-in account (`AUTH_PROVIDER=local`). Never serialised; the hash prints redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `local_` and a UUID: the subject its `users` row carries.
    pub subject: String,
    pub email: String,
    /// The argon2id PHC string.
    pub password_hash: Secret,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A signed-in session of a built-in account, found by the hash of its token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: String,
    pub subject: String,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another person holds this username (compared without case). Becomes 409 with a form message.
    #[error("that username is taken")]
    UsernameTaken,
    /// A built-in account already uses this email address (compared without case). Becomes 409
    /// with a form message.
    #[error("an account with that email address exists")]
    EmailTaken,
    /// A live site's stored résumé does not read: the page is not shown rather than shown empty.
    #[error("{0}")]
    Unreadable(#[from] Unreadable),
    /// The row does not exist (or is not this person's). Becomes 404.
    #[error("not found")]
    NotFound,
    /// The database is down, overloaded or restarting: worth retrying. Becomes 503.
    #[error("the database is unavailable: {0}")]
    Unavailable(#[source] sqlx::Error),
    /// Anything else: a bug or a schema problem. Becomes 500; the cause is logged.
    #[error("database error: {0}")]
    Other(#[source] sqlx::Error),
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        if is_unavailable(&error) {
            Self::Unavailable(error)
        } else {
            Self::Other(error)
        }
    }
}

/// Errors that say "try again later" rather than "this request is wrong".
fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => match db.code().as_deref() {
            // Postgres: connection_exception (08…), too_many_connections, admin_shutdown,
            // crash_shutdown, cannot_connect_now (starting up or in recovery).
            Some(code) if code.starts_with("08") => true,
            Some("53300" | "57P01" | "57P02" | "57P03") => true,
            // SQLite: SQLITE_BUSY and SQLITE_LOCKED (and their extended codes) after the busy
            // timeout ran out.
            Some(code) => matches!(code.parse::<i32>().map(|c| c & 0xff), Ok(5 | 6)),
            None => false,
        },
        _ => false,
    }
}

/// The unique constraints that hold usernames: Postgres names them (`users_username_key` from
/// `username text unique`, and the index on `lower(username)`); SQLite names the column or the
/// index in its message (`UNIQUE constraint failed: users.username`, `… index
/// 'users_username_lower_key'`).
const USERNAME_CONSTRAINTS: [&str; 3] = [
    "users_username_key",
    "users_username_lower_key",
    "users.username",
];

/// Maps the violation of a username's unique constraint to [`StoreError::UsernameTaken`] — by
/// the constraint's name, so another unique violation (the subject, a future column) stays
/// what it is: an error, not a taken name.
fn username_taken(error: sqlx::Error) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            let names_username = |text: &str| USERNAME_CONSTRAINTS.iter().any(|c| text.contains(c));
            if db.constraint().is_some_and(names_username) || names_username(db.message()) {
                StoreError::UsernameTaken
            } else {
                error.into()
            }
        }
        _ => error.into(),
    }
}

/// Everything the app reads and writes about people.
///
/// `subject` is the authenticated person's id (`users.clerk_user_id`). Methods that return a
/// [`UserRow`] after a change return the row as stored, with the new `updated_at`.
#[async_trait]
pub trait Store: Send + Sync + fmt::Debug {
    /// `postgres` or `sqlite`, for logs.
    fn kind(&self) -> &'static str;

    /// The person's own row.
    async fn find_by_subject(&self, subject: &str) -> Result<Option<UserRow>, StoreError>;

    /// Creates the person's row, or returns the existing one when the subject already has a row
    /// (two first requests at once make one row). [`StoreError::UsernameTaken`] when another
    /// person holds the username: pick another and call again.
    async fn create_user(&self, new: NewUser<'_>) -> Result<UserRow, StoreError>;

    /// Replaces the stored résumé with `resume`, as given.
    async fn update_resume(&self, subject: &str, resume: &Resume) -> Result<UserRow, StoreError>;

    /// Changes the username (stored in lower case).
    async fn set_username(&self, subject: &str, username: &str) -> Result<UserRow, StoreError>;

    /// Changes the email address (the auth provider's address changed).
    async fn set_email(&self, subject: &str, email: &str) -> Result<UserRow, StoreError>;

    async fn set_style(&self, subject: &str, style: SiteStyle) -> Result<UserRow, StoreError>;

    /// Publishes or unpublishes the site. Unpublishing keeps the résumé (Wrkks cleared it).
    async fn set_live(&self, subject: &str, live: bool) -> Result<UserRow, StoreError>;

    /// Removes the stored résumé and unpublishes the site, in one statement: a site is never
    /// live without a résumé. The row (username, style) stays.
    async fn clear_resume(&self, subject: &str) -> Result<UserRow, StoreError>;

    /// Deletes the person's row. [`StoreError::NotFound`] when there was none.
    async fn delete_user(&self, subject: &str) -> Result<(), StoreError>;

    /// The live site at `username`, compared without case, as a visitor may see it.
    /// [`StoreError::Unreadable`] when its stored résumé does not read.
    async fn find_live_by_username(&self, username: &str)
        -> Result<Option<PublicSite>, StoreError>;

    /// Operator: every row, by username. Runs as the connecting role.
    async fn admin_list_users(&self) -> Result<Vec<UserSummary>, StoreError>;

    /// Operator: one row by username (compared without case), live or not.
    async fn admin_find_by_username(&self, username: &str) -> Result<Option<UserRow>, StoreError>;

    /// Operator: deletes one row by its exact stored username; `false` when there was none.
    async fn admin_delete_by_username(&self, username: &str) -> Result<bool, StoreError>;

    // Built-in accounts and their sessions. Not a person's own row in the RLS sense (a session is
    // looked up before anyone is known): on Postgres these run as the connecting role, and
    // `anon`/`authenticated` have no access to the tables at all.

    /// Creates an account with a new `local_…` subject. [`StoreError::EmailTaken`] when the
    /// address (compared without case) has one.
    async fn create_account(&self, email: &str, password_hash: &str)
        -> Result<Account, StoreError>;

    /// The account for `email`, compared without case.
    async fn find_account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError>;

    /// Deletes a built-in account and, with it, every session it has; `false` when there was none.
    async fn delete_account(&self, subject: &str) -> Result<bool, StoreError>;

    /// Replaces the password hash and ends every session of the account.
    async fn set_password_hash(&self, subject: &str, password_hash: &str)
        -> Result<(), StoreError>;

    /// Stores a session (`token_hash`: the hash of the random token, never the token).
    async fn create_session(
        &self,
        token_hash: &str,
        subject: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Session, StoreError>;

    /// The session with this token hash, if it has not expired.
    async fn find_session(&self, token_hash: &str) -> Result<Option<Session>, StoreError>;

    /// Ends one session (signing out). Ending one that does not exist is not an error.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Removes expired sessions; returns how many.
    async fn delete_expired_sessions(&self) -> Result<u64, StoreError>;
}

/// The store for a connected database. `pool_mode` is `config.pool_mode`: behind a
/// transaction-mode pooler the store must not leave prepared statements on connections.
///
/// Every write through it marks cached public pages in `marks` (see [`super::site_cache`]).
pub fn from_database(
    db: &Database,
    pool_mode: PoolMode,
    marks: Arc<super::site_cache::SiteMarks>,
) -> Arc<dyn Store> {
    use invalidating::InvalidatingStore;
    let inner: Arc<dyn Store> = match db {
        Database::Postgres(pool) => Arc::new(postgres::PgStore::new(pool.clone(), pool_mode)),
        Database::Sqlite(pool) => Arc::new(sqlite::SqliteStore::new(pool.clone())),
    };
    Arc::new(InvalidatingStore::new(inner, marks))
}

/// The columns every `UserRow` query selects. `coalesce`: a Wrkks deployment may have added
/// `islive`/`style` itself, as nullable columns.
const USER_COLUMNS: &str = "id, clerk_user_id, username, email, cast(resume as text) as resume, \
     coalesce(islive, false) as islive, coalesce(style, 'simple') as style, created_at, updated_at";

/// The columns a public read selects: only those `anon` may read. The résumé is read as JSON text
/// on both databases, for [`stored_resume::read`].
const PUBLIC_COLUMNS: &str =
    "username, cast(resume as text) as resume, coalesce(style, 'simple') as style, updated_at";

#[cfg(test)]
mod tests {
    use super::*;

    /// A real unique violation from SQLite, on a table shaped like `users`.
    async fn violation(column: &str) -> sqlx::Error {
        let pool = sqlx::SqlitePool::connect("sqlite::memory:").await.unwrap();
        sqlx::raw_sql(
            "create table users (clerk_user_id text unique, username text unique); \
             insert into users values ('a', 'ana');",
        )
        .execute(&pool)
        .await
        .unwrap();
        let (subject, username) = match column {
            "username" => ("b", "ana"),
            _ => ("a", "bo"),
        };
        sqlx::query("insert into users values (?1, ?2)")
            .bind(subject)
            .bind(username)
            .execute(&pool)
            .await
            .unwrap_err()
    }

    #[tokio::test]
    async fn only_a_usernames_own_constraint_means_the_username_is_taken() {
        assert!(matches!(
            username_taken(violation("username").await),
            StoreError::UsernameTaken
        ));
        assert!(
            matches!(
                username_taken(violation("clerk_user_id").await),
                StoreError::Other(_)
            ),
            "another unique column's violation is an error, not a taken name"
        );
    }
}
