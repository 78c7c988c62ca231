//! The one way the app sends statements to Postgres.
//!
//! Two rules, both decided here rather than at each query:
//!
//! - **Every statement runs inside a transaction.** sqlx sends a statement with parameters in two
//!   round trips (Parse/Describe/Sync, then Bind/Execute). Through a transaction-mode pooler
//!   (Supabase's Supavisor on port 6543, pgbouncer `pool_mode=transaction`) the server connection
//!   goes back to the pool between them unless a transaction is open, and the Bind then runs
//!   *another client's* statement with this one's parameters: wrong rows, "bind message supplies 1
//!   parameters", a session that looked deleted but was not (sqlx issue #67). Inside `begin` …
//!   `commit` the pooler keeps one server connection for us. `BEGIN`/`COMMIT` go as simple queries.
//! - **Statements are prepared once and kept only in session mode** ([`Pg::query`] and friends set
//!   it): behind a transaction-mode pooler the next transaction may run on a server connection
//!   where our named statement does not exist, or where another client's has the same name. sqlx
//!   0.8 still names and keeps statements when its statement cache is off, so the flag must be set
//!   on the query itself.

use sqlx::{
    postgres::{PgArguments, PgRow},
    query::{Query, QueryAs, QueryScalar},
    FromRow, PgPool, Postgres, Transaction,
};

use super::super::config::PoolMode;

/// A Postgres pool reached only through transactions (see the module docs).
#[derive(Debug, Clone)]
pub struct Pg {
    pool: PgPool,
    persistent: bool,
}

/// A transaction on Postgres.
pub type PgTx = Transaction<'static, Postgres>;

impl Pg {
    pub fn new(pool: PgPool, pool_mode: PoolMode) -> Self {
        Self {
            pool,
            persistent: pool_mode == PoolMode::Session,
        }
    }

    /// A transaction as the connecting role (accounts, sessions, limits, the operator's commands).
    pub async fn begin(&self) -> Result<PgTx, sqlx::Error> {
        self.pool.begin().await
    }

    /// A transaction that acts as the person `subject`: role `authenticated`, and the claims
    /// `auth.jwt()` reads, so Row Level Security decides. Both settings end with the transaction
    /// (`set_config(…, true)` is `set local`): the connection goes back to the pool clean.
    pub async fn begin_as_user(&self, subject: &str) -> Result<PgTx, sqlx::Error> {
        self.begin_as("authenticated", Some(subject)).await
    }

    /// A transaction that acts as an anonymous visitor (role `anon`, no claims).
    pub async fn begin_as_anon(&self) -> Result<PgTx, sqlx::Error> {
        self.begin_as("anon", None).await
    }

    async fn begin_as(
        &self,
        role: &'static str,
        subject: Option<&str>,
    ) -> Result<PgTx, sqlx::Error> {
        let claims = match subject {
            Some(sub) => serde_json::json!({ "sub": sub, "role": role }).to_string(),
            None => String::new(),
        };
        let mut tx = self.pool.begin().await?;
        self.query(
            "select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)",
        )
        .bind(role)
        .bind(claims)
        .execute(&mut *tx)
        .await?;
        Ok(tx)
    }

    pub fn query<'q>(&self, sql: &'q str) -> Query<'q, Postgres, PgArguments> {
        sqlx::query(sql).persistent(self.persistent)
    }

    pub fn query_as<'q, T>(&self, sql: &'q str) -> QueryAs<'q, Postgres, T, PgArguments>
    where
        T: for<'r> FromRow<'r, PgRow>,
    {
        sqlx::query_as(sql).persistent(self.persistent)
    }

    pub fn query_scalar<'q, T>(&self, sql: &'q str) -> QueryScalar<'q, Postgres, T, PgArguments>
    where
        (T,): for<'r> FromRow<'r, PgRow>,
    {
        sqlx::query_scalar(sql).persistent(self.persistent)
    }
}

/// Starts a transaction that acts as the person `subject` on `pool` (see [`Pg::begin_as_user`]):
/// for checking the policies themselves.
pub async fn begin_as_user(pool: &PgPool, subject: &str) -> Result<PgTx, sqlx::Error> {
    Pg::new(pool.clone(), PoolMode::Session)
        .begin_as_user(subject)
        .await
}

/// Starts a transaction that acts as an anonymous visitor (role `anon`, no claims).
pub async fn begin_as_anon(pool: &PgPool) -> Result<PgTx, sqlx::Error> {
    Pg::new(pool.clone(), PoolMode::Session)
        .begin_as_anon()
        .await
}
