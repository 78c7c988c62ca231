//! [`SqlStore`]: the one store, over Postgres or SQLite. The store's methods (in `people`,
//! `admin` and `accounts`) are written once against it; what differs between the databases lives
//! here and nowhere else:
//!
//! - **Who a statement runs as** ([`As`]). On Postgres the pool connects as whatever role
//!   `DATABASE_URL` names (often one that bypasses Row Level Security), so a statement about a
//!   person runs in a transaction that first drops to `authenticated` with their claims, and a
//!   public read as `anon` ([`Pg::begin_as_user`]): the policies in
//!   `migrations/postgres/0001_users.sql` then decide, as they would for Supabase's API. SQLite
//!   has no roles: one process owns the file, and every statement about a person is scoped to them
//!   by its `where` clause.
//! - **How a value is bound** ([`Arg`]): SQLite stores times as RFC 3339 text with milliseconds
//!   (what its migrations write), so text comparison orders them.
//! - **Which text** of a [`Sql`] runs.
//!
//! Every Postgres statement goes through [`Pg`], which keeps it correct behind a transaction-mode
//! pooler.

use chrono::{DateTime, Utc};
use resume::Resume;
use sqlx::{
    postgres::PgRow, sqlite::SqliteRow, types::Json, FromRow, Sqlite, SqlitePool, Transaction,
};

use super::{
    pg::{Pg, PgTx},
    sql::Sql,
};
use crate::server::{config::PoolMode, db::Database};

/// The store over one connected database.
#[derive(Debug, Clone)]
pub struct SqlStore {
    db: Db,
}

#[derive(Debug, Clone)]
enum Db {
    Postgres(Pg),
    Sqlite(SqlitePool),
}

/// Who a statement runs as (Postgres's role; SQLite has none).
#[derive(Debug, Clone, Copy)]
pub(super) enum As<'a> {
    /// The person with this subject: Row Level Security decides what they reach.
    Person(&'a str),
    /// An anonymous visitor of a public page.
    Visitor,
    /// The server itself (accounts, sessions, the operator's commands): the connecting role.
    Server,
}

/// A value bound to a statement, in the form each database stores it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Arg<'a> {
    Text(&'a str),
    Bool(bool),
    Time(DateTime<Utc>),
    Resume(&'a Resume),
    Bytes(&'a [u8]),
}

/// A row type both databases can read: every record of this store.
pub(super) trait Record:
    for<'r> FromRow<'r, PgRow> + for<'r> FromRow<'r, SqliteRow> + Send + Unpin
{
}
impl<T> Record for T where
    T: for<'r> FromRow<'r, PgRow> + for<'r> FromRow<'r, SqliteRow> + Send + Unpin
{
}

/// Binds `args` in order; `$time` turns a time into what the database stores.
macro_rules! bind {
    ($query:expr, $args:expr, $time:expr) => {{
        let mut query = $query;
        for arg in $args {
            query = match *arg {
                Arg::Text(v) => query.bind(v),
                Arg::Bool(v) => query.bind(v),
                Arg::Time(v) => query.bind(($time)(v)),
                Arg::Resume(v) => query.bind(Json(v)),
                Arg::Bytes(v) => query.bind(v),
            };
        }
        query
    }};
}

/// The form the SQLite migrations store times in, so text comparisons order them.
fn sqlite_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

fn postgres_time(t: DateTime<Utc>) -> DateTime<Utc> {
    t
}

/// An open transaction, as someone ([`As`]). Dropped without [`Tx::commit`], it rolls back.
pub(super) enum Tx {
    Postgres(PgTx, Pg),
    Sqlite(Transaction<'static, Sqlite>),
}

impl SqlStore {
    /// The store for `db`. `pool_mode` is `config.pool_mode`: behind a transaction-mode pooler
    /// no statement may stay prepared on a connection.
    pub fn new(db: &Database, pool_mode: PoolMode) -> Self {
        Self {
            db: match db {
                Database::Postgres(pool) => Db::Postgres(Pg::new(pool.clone(), pool_mode)),
                Database::Sqlite(pool) => Db::Sqlite(pool.clone()),
            },
        }
    }

    /// A transaction as `who`.
    pub(super) async fn begin(&self, who: As<'_>) -> Result<Tx, sqlx::Error> {
        Ok(match &self.db {
            Db::Postgres(pg) => {
                let tx = match who {
                    As::Person(subject) => pg.begin_as_user(subject).await?,
                    As::Visitor => pg.begin_as_anon().await?,
                    As::Server => pg.begin().await?,
                };
                Tx::Postgres(tx, pg.clone())
            }
            Db::Sqlite(pool) => Tx::Sqlite(pool.begin().await?),
        })
    }

    /// One statement in its own transaction: the row it answers, if any.
    pub(super) async fn fetch_optional<T: Record>(
        &self,
        who: As<'_>,
        sql: &Sql,
        args: &[Arg<'_>],
    ) -> Result<Option<T>, sqlx::Error> {
        let mut tx = self.begin(who).await?;
        let row = tx.fetch_optional(sql, args).await?;
        tx.commit().await?;
        Ok(row)
    }

    /// One statement in its own transaction: every row it answers.
    pub(super) async fn fetch_all<T: Record>(
        &self,
        who: As<'_>,
        sql: &Sql,
        args: &[Arg<'_>],
    ) -> Result<Vec<T>, sqlx::Error> {
        let mut tx = self.begin(who).await?;
        let rows = tx.fetch_all(sql, args).await?;
        tx.commit().await?;
        Ok(rows)
    }

    /// One statement in its own transaction: how many rows it changed.
    pub(super) async fn execute(
        &self,
        who: As<'_>,
        sql: &Sql,
        args: &[Arg<'_>],
    ) -> Result<u64, sqlx::Error> {
        let mut tx = self.begin(who).await?;
        let changed = tx.execute(sql, args).await?;
        tx.commit().await?;
        Ok(changed)
    }
}

/// Runs `$sql` with `$args` in the transaction `$tx` through the sqlx call `$run` on the query
/// `$query` makes (`query` or `query_as`), then `$then` on its answer: the two arms differ only in
/// the database.
macro_rules! run {
    ($tx:expr, $sql:expr, $args:expr, $query:ident, $run:ident) => {
        run!($tx, $sql, $args, $query, $run, |answer| answer)
    };
    ($tx:expr, $sql:expr, $args:expr, $query:ident, $run:ident, $then:expr) => {
        match $tx {
            Tx::Postgres(tx, pg) => bind!(pg.$query($sql.postgres), $args, postgres_time)
                .$run(&mut **tx)
                .await
                .map($then),
            Tx::Sqlite(tx) => bind!(sqlx::$query($sql.sqlite), $args, sqlite_time)
                .$run(&mut **tx)
                .await
                .map($then),
        }
    };
}

impl Tx {
    pub(super) async fn fetch_optional<T: Record>(
        &mut self,
        sql: &Sql,
        args: &[Arg<'_>],
    ) -> Result<Option<T>, sqlx::Error> {
        run!(self, sql, args, query_as, fetch_optional)
    }

    pub(super) async fn fetch_all<T: Record>(
        &mut self,
        sql: &Sql,
        args: &[Arg<'_>],
    ) -> Result<Vec<T>, sqlx::Error> {
        run!(self, sql, args, query_as, fetch_all)
    }

    /// How many rows the statement changed.
    pub(super) async fn execute(
        &mut self,
        sql: &Sql,
        args: &[Arg<'_>],
    ) -> Result<u64, sqlx::Error> {
        run!(self, sql, args, query, execute, |done| done.rows_affected())
    }

    pub(super) async fn commit(self) -> Result<(), sqlx::Error> {
        match self {
            Self::Postgres(tx, _) => tx.commit().await,
            Self::Sqlite(tx) => tx.commit().await,
        }
    }
}
