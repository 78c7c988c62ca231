//! Connecting to the database, migrating it and asking whether it is up.
//!
//! Vitae speaks to SQLite (the embedded default) or Postgres (production, Supabase). Both are
//! migrated from `migrations/<kind>/`, twins with the same version numbers, embedded in the binary.

use std::{str::FromStr, time::Duration};

use sqlx::{
    migrate::Migrator,
    postgres::{PgConnectOptions, PgPoolOptions},
    sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous},
    PgPool, SqlitePool,
};

use super::config::{Config, DatabaseConfig, PoolMode, Secret};

static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");

/// How long a request waits for a connection before it fails with 503. A burst queues for a
/// free connection for milliseconds (queries take about one); while the database is down, every
/// request that needs it waits this long (sqlx retries a refused connection until then), so it
/// is what "fail fast" means for a page: measured by `bench/db-faults.sh`, where 2 s let page
/// requests hang just past 2 s during a Postgres restart.
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(1);
/// How long SQLite waits on a lock held by another writer before reporting "busy".
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Why the database could not be used, in words an operator can act on.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("DATABASE_URL: cannot create the directory {dir} for the SQLite file ({source}) — choose a writable path, e.g. sqlite://data/vitae.db")]
    CreateDir { dir: String, source: std::io::Error },
    #[error("DATABASE_URL: cannot open the SQLite file {path} ({source}) — check that the path is writable")]
    OpenSqlite { path: String, source: sqlx::Error },
    /// `var` names the variable that holds the URL (`DATABASE_URL`, `DATABASE_DIRECT_URL`).
    #[error("{var}: cannot reach Postgres at {host} ({reason}) — check the host and port, and that the server is running")]
    Unreachable {
        var: &'static str,
        host: String,
        reason: String,
    },
    #[error("{var}: Postgres refused the user name or password ({reason}) — copy the connection string again (Supabase: Project Settings → Database)")]
    BadCredentials { var: &'static str, reason: String },
    #[error("{var}: the database does not exist ({reason}) — create it, or fix the name at the end of the URL")]
    NoSuchDatabase { var: &'static str, reason: String },
    #[error("the table public.users does not exist — run `vitae migrate` (or start with AUTO_MIGRATE=true), and check that DATABASE_URL points at the right project")]
    NoUsersTable,
    #[error("migrating the database failed: {0} — the database was left as it was before the failing step")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Other(#[from] sqlx::Error),
}

/// Why `vitae backup` could not write its copy.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backup copies a SQLite database; for Postgres use pg_dump (or Supabase's scheduled backups)")]
    NotSqlite,
    #[error("{0} already exists — choose a new file name, a backup never overwrites")]
    Exists(String),
    #[error("{0} is not a valid UTF-8 path — choose a plain file name")]
    Path(String),
    #[error("cannot write the backup to {path} ({source}) — check that the directory exists and is writable")]
    Write { path: String, source: sqlx::Error },
}

/// A pool of connections to whichever database is configured.
#[derive(Clone, Debug)]
pub enum Database {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

impl Database {
    /// Opens the pool and checks the connection works, so a wrong URL fails at start-up.
    #[tracing::instrument(skip_all, fields(kind = config.database.kind()))]
    pub async fn connect(config: &Config) -> Result<Self, DbError> {
        match &config.database {
            DatabaseConfig::Sqlite { path } => {
                if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                    std::fs::create_dir_all(dir).map_err(|source| DbError::CreateDir {
                        dir: dir.display().to_string(),
                        source,
                    })?;
                }
                let options = SqliteConnectOptions::new()
                    .filename(path)
                    .create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT);
                let pool = SqlitePoolOptions::new()
                    .max_connections(config.max_connections)
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(options)
                    .await
                    .map_err(|source| DbError::OpenSqlite {
                        path: path.display().to_string(),
                        source,
                    })?;
                Ok(Self::Sqlite(pool))
            }
            DatabaseConfig::Postgres { url } => {
                let mut options =
                    PgConnectOptions::from_str(url.expose())?.application_name("vitae");
                if config.pool_mode == PoolMode::Transaction {
                    // A transaction-mode pooler may run the next statement on another server
                    // connection, where our prepared statement does not exist.
                    options = options.statement_cache_capacity(0);
                }
                let pool = open_postgres(options, config.max_connections, "DATABASE_URL").await?;
                Ok(Self::Postgres(pool))
            }
        }
    }

    /// A small pool on `DATABASE_DIRECT_URL`: a session-level connection beside a transaction
    /// pooler, for migrations and LISTEN. Its statements are cached (it is not pooled by anyone).
    #[tracing::instrument(skip_all)]
    pub async fn connect_direct(url: &Secret) -> Result<PgPool, DbError> {
        let options = PgConnectOptions::from_str(url.expose())?.application_name("vitae-direct");
        // One for LISTEN, one for a migration or a reconnect.
        open_postgres(options, 2, "DATABASE_DIRECT_URL").await
    }

    /// Applies every pending migration.
    #[tracing::instrument(skip_all)]
    pub async fn migrate(&self) -> Result<(), DbError> {
        match self {
            Self::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Self::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Fails with [`DbError::NoUsersTable`] when the schema was never applied (Wrkks's most common
    /// support question: "relation public.users does not exist").
    pub async fn check_schema(&self) -> Result<(), DbError> {
        let exists: bool = match self {
            Self::Sqlite(pool) => sqlx::query_scalar(
                "select count(*) > 0 from sqlite_master where type = 'table' and name = 'users'",
            )
            .fetch_one(pool)
            .await?,
            // The simple query protocol (no parameters): one round trip, correct through a
            // transaction-mode pooler.
            Self::Postgres(pool) => {
                use sqlx::Row;
                sqlx::raw_sql("select to_regclass('public.users') is not null")
                    .fetch_one(pool)
                    .await?
                    .try_get(0)?
            }
        };
        if exists {
            Ok(())
        } else {
            Err(DbError::NoUsersTable)
        }
    }

    /// One round trip: used by `/readyz`.
    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        match self {
            // The simple query protocol: nothing is prepared, so nothing is left on a
            // connection behind a transaction-mode pooler.
            Self::Sqlite(pool) => sqlx::raw_sql("select 1").execute(pool).await.map(drop),
            Self::Postgres(pool) => sqlx::raw_sql("select 1").execute(pool).await.map(drop),
        }
    }

    /// Copies a SQLite database into a new file at `path` with `VACUUM INTO`: one consistent
    /// snapshot, taken while the app keeps serving (readers and writers are not blocked for long,
    /// WAL mode lets them go on). Postgres has its own tools (`pg_dump`, Supabase's backups).
    #[tracing::instrument(skip(self))]
    pub async fn backup(&self, path: &std::path::Path) -> Result<(), BackupError> {
        let Self::Sqlite(pool) = self else {
            return Err(BackupError::NotSqlite);
        };
        if path.exists() {
            return Err(BackupError::Exists(path.display().to_string()));
        }
        let target = path
            .to_str()
            .ok_or_else(|| BackupError::Path(path.display().to_string()))?;
        sqlx::query("vacuum into ?1")
            .bind(target)
            .execute(pool)
            .await
            .map_err(|source| BackupError::Write {
                path: path.display().to_string(),
                source,
            })?;
        Ok(())
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }

    /// Closes every connection (graceful shutdown; SQLite checkpoints its WAL).
    pub async fn close(&self) {
        match self {
            Self::Sqlite(pool) => pool.close().await,
            Self::Postgres(pool) => pool.close().await,
        }
    }
}

fn classify_postgres_error(error: sqlx::Error, host: String, var: &'static str) -> DbError {
    if let Some(db) = error.as_database_error() {
        let reason = db.message().to_string();
        return match db.code().as_deref() {
            // invalid_password, invalid_authorization_specification
            Some("28P01" | "28000") => DbError::BadCredentials { var, reason },
            // invalid_catalog_name
            Some("3D000") => DbError::NoSuchDatabase { var, reason },
            _ => DbError::Other(error),
        };
    }
    let reason = match error {
        sqlx::Error::Io(e) => e.to_string(),
        sqlx::Error::PoolTimedOut => "no answer in time".into(),
        sqlx::Error::Tls(e) => format!("TLS: {e}"),
        other => return DbError::Other(other),
    };
    DbError::Unreachable { var, host, reason }
}

/// A pool of at most `max_connections` on Postgres, checked by connecting once; a failure names
/// `var`, the variable the URL came from.
async fn open_postgres(
    options: PgConnectOptions,
    max_connections: u32,
    var: &'static str,
) -> Result<PgPool, DbError> {
    let host = format!("{}:{}", options.get_host(), options.get_port());
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .connect_with(options)
        .await
        .map_err(|e| classify_postgres_error(e, host, var))
}
