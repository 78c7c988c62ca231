//! Shared by the database test binaries: real databases, fresh for each test.
#![allow(dead_code)] // each test binary uses its own subset

pub mod postgres;

use std::collections::HashMap;

use app::server::{
    config::{Config, PoolMode},
    db::Database,
    store::{self, Stores},
};
use resume::Resume;
use serde_json::Value;

/// The configuration a test runs with: defaults, plus `DATABASE_URL` and `extra`.
pub fn config(database_url: &str, extra: &[(&str, &str)]) -> Config {
    let mut vars: HashMap<String, String> =
        HashMap::from([("DATABASE_URL".to_string(), database_url.to_string())]);
    vars.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    Config::from_vars(&vars).expect("a valid test configuration")
}

/// A migrated database that lives as long as this value.
pub struct TestDb {
    pub db: Database,
    pub url: String,
    /// How the pool reaches the database (transaction: through pgbouncer).
    pub pool_mode: PoolMode,
    /// Keeps a SQLite file's directory alive.
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    pub fn store(&self) -> Stores {
        store::from_database(&self.db, self.pool_mode, Default::default())
    }

    pub fn pg_pool(&self) -> &sqlx::PgPool {
        match &self.db {
            Database::Postgres(pool) => pool,
            Database::Sqlite(_) => panic!("a Postgres test got a SQLite database"),
        }
    }
}

/// A migrated SQLite database in a temp file.
pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("a temp dir");
    let url = format!("sqlite://{}", dir.path().join("vitae.db").display());
    let db = connect(&url, &[]).await;
    db.migrate().await.expect("the SQLite migrations apply");
    TestDb {
        db,
        url,
        pool_mode: PoolMode::Session,
        _dir: Some(dir),
    }
}

/// A migrated Postgres database, fresh for this test.
pub async fn postgres() -> TestDb {
    let url = postgres::server().fresh_database().await;
    // Room for the concurrency tests' twenty simultaneous transactions.
    let db = connect(&url, &[("DATABASE_MAX_CONNECTIONS", "24")]).await;
    db.migrate().await.expect("the Postgres migrations apply");
    TestDb {
        db,
        url,
        pool_mode: PoolMode::Session,
        _dir: None,
    }
}

/// A migrated Postgres database, fresh for this test, reached through a transaction-mode
/// pgbouncer (`DATABASE_POOL_MODE=transaction`), as behind Supabase's Supavisor on port 6543.
/// Migrated over the direct connection, as the README tells operators to.
pub async fn pgbouncer() -> TestDb {
    let direct_url = postgres::server().fresh_database().await;
    connect(&direct_url, &[])
        .await
        .migrate()
        .await
        .expect("the Postgres migrations apply");
    let name = direct_url.rsplit('/').next().unwrap().to_string();
    let url = postgres::pgbouncer().url(&name);
    let db = connect(
        &url,
        &[
            ("DATABASE_POOL_MODE", "transaction"),
            ("AUTO_MIGRATE", "false"),
            ("DATABASE_MAX_CONNECTIONS", "24"),
        ],
    )
    .await;
    TestDb {
        db,
        url,
        pool_mode: PoolMode::Transaction,
        _dir: None,
    }
}

pub async fn connect(url: &str, extra: &[(&str, &str)]) -> Database {
    Database::connect(&config(url, extra))
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"))
}

/// The Wrkks contract fixtures live beside the repository (`../shared/wrkks/`), not in it: the
/// SQL is Wrkks's own. `WRKKS_FIXTURES` points elsewhere.
fn wrkks_fixture(name: &str) -> String {
    let dir = std::env::var_os("WRKKS_FIXTURES")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/wrkks")
        });
    let path = dir.join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the Wrkks fixture {} ({e}): set WRKKS_FIXTURES to the folder holding \
             schema.sql and sample-resume.json",
            path.display()
        )
    })
}

/// Wrkks's sample résumé (every key of its `Resume` interface), as stored JSON.
pub fn sample_json() -> Value {
    serde_json::from_str(&wrkks_fixture("sample-resume.json")).expect("the sample résumé is JSON")
}

/// Wrkks's sample résumé, as the store hands it out.
pub fn sample_resume() -> Resume {
    resume(sample_json())
}

/// A résumé written as JSON (keys Vitae does not know are kept in its `extra` maps).
#[track_caller]
pub fn resume(json: Value) -> Resume {
    serde_json::from_value(json).expect("reads as a résumé")
}

/// Wrkks's setup SQL for `public.users` (no `islive`, no `style`).
pub fn wrkks_schema() -> String {
    wrkks_fixture("schema.sql")
}

/// A subject no other test uses.
pub fn subject() -> String {
    format!("user_{}", uuid::Uuid::new_v4().simple())
}

/// A username no other test uses (lower case, 3-30 characters).
pub fn username(prefix: &str) -> String {
    format!(
        "{prefix}-{}",
        &uuid::Uuid::new_v4().simple().to_string()[..8]
    )
}
