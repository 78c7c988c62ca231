//! The store: every read and write of people's data, in three traits by concern, each written
//! once over both databases ([`SqlStore`]):
//!
//! - [`PeopleStore`] ([`people`]): a person's own row, which on Postgres they reach only as
//!   themselves (role `authenticated`, claims `{"sub": subject}`) under Row Level Security, and
//!   public reads as `anon`. Its writes change public pages, so callers get it wrapped in
//!   [`invalidating::InvalidatingStore`].
//! - [`AdminStore`] ([`admin`]): the operator's `admin_*` reads and deletes, as the connecting role.
//! - [`AccountStore`] ([`accounts`]): built-in accounts and sessions, as the connecting role.
//!
//! The statements are in [`sql`], one text for both databases; what differs between Postgres and
//! SQLite (roles, how a time is stored) is in [`sql_store`] alone.
//!
//! - The résumé crosses this boundary as a [`resume::Resume`], decoded here and nowhere else.
//!   `Resume` keeps keys this version does not know (its `extra` maps), so they survive a
//!   read-modify-write; a stored value that does not read at all is [`Unreadable`] (see
//!   [`stored_resume`]).
//! - Races are left to the database: inserts use `on conflict do nothing`, and a violated unique
//!   username becomes [`StoreError::UsernameTaken`].
//!
//! The contract both databases meet is `app/tests/integration/store_contract.rs`.

pub mod accounts;
pub mod admin;
pub mod invalidating;
pub mod people;
pub mod pg;
mod sql;
mod sql_store;
pub mod stored_resume;

use std::sync::Arc;

pub use accounts::{Account, AccountStore, Session};
pub use admin::{AdminStore, UserSummary};
pub use people::{NewUser, PeopleStore, PublicSite, UserRow};
pub use sql_store::SqlStore;
pub use stored_resume::Unreadable;

use super::{config::PoolMode, db::Database, site_cache::SiteMarks};
use crate::site::SiteStyle;

/// The store, by concern. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Stores {
    /// People's own rows and public reads: marks cached public pages on every write.
    pub people: Arc<dyn PeopleStore>,
    /// The operator's reads and deletes.
    pub admin: Arc<dyn AdminStore>,
    /// Built-in accounts and sessions.
    pub accounts: Arc<dyn AccountStore>,
}

/// The store for a connected database. `pool_mode` is `config.pool_mode`: behind a
/// transaction-mode pooler the store must not leave prepared statements on connections.
///
/// Every write of a person's row marks cached public pages in `marks` (see
/// [`super::site_cache`]).
pub fn from_database(db: &Database, pool_mode: PoolMode, marks: Arc<SiteMarks>) -> Stores {
    let store = Arc::new(SqlStore::new(db, pool_mode));
    Stores {
        people: Arc::new(invalidating::InvalidatingStore::new(store.clone(), marks)),
        admin: store.clone(),
        accounts: store,
    }
}

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
