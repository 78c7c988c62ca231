//! Fixed-window counters in the database (`limit_counters`), so a limit holds across every
//! instance behind a load balancer and survives a restart: sign-in attempts, sign-ups told
//! "taken", username checks, AI parses per day. The policies (how many, how long, which keys)
//! live with their features (`auth::rate_limit`, `parse`); this module only counts.
//!
//! - **One round trip, race-free.** A hit is one `insert … on conflict do update … returning`:
//!   the database serialises concurrent hits on a key, so thirty attempts at once let exactly
//!   the allowance through — counted *before* the slow work (a password hash) they guard.
//! - **A refused hit is not counted** (`… where hits < max`): a locked key does not stay locked
//!   longer because someone kept knocking, and a key that is over its allowance does not count
//!   an attempt against the other key of the same request.
//! - **Keys are hashed** (SHA-256, hex) before they are stored: the table holds no e-mail or IP
//!   address in clear.
//! - Times are milliseconds since the Unix epoch from the app's clock, so the statements are the
//!   same text on Postgres and SQLite. Expired rows are swept by [`Counters::sweep`].

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use super::{
    config::PoolMode,
    db::Database,
    store::{pg::Pg, StoreError},
};

/// Counts each key unless it is at its allowance in a live window; a new or expired window
/// starts at one hit. The tail binds, after the keys: the new window's end, now, the allowance.
/// Returns a row per key counted.
macro_rules! hit_sql {
    ($values:literal, $now:literal, $max:literal) => {
        concat!(
            "insert into limit_counters (key, hits, resets_at) values ",
            $values,
            " on conflict (key) do update set \
               hits = case when limit_counters.resets_at <= ",
            $now,
            " then 1 else limit_counters.hits + 1 end, \
               resets_at = case when limit_counters.resets_at <= ",
            $now,
            " then excluded.resets_at else limit_counters.resets_at end \
             where limit_counters.resets_at <= ",
            $now,
            " or limit_counters.hits < ",
            $max,
            " returning hits"
        )
    };
}
const HIT_ONE: &str = hit_sql!("($1, 1, $2)", "$3", "$4");
const HIT_TWO: &str = hit_sql!("($1, 1, $3), ($2, 1, $3)", "$4", "$5");
/// Hits counted in `$1`'s live window (none when it has expired).
const HITS: &str = "select hits from limit_counters where key = $1 and resets_at > $2";
const FORGET: &str = "delete from limit_counters where key = $1";
const GIVE_BACK: &str =
    "update limit_counters set hits = hits - 1 where key = $1 and hits > 0 and resets_at > $2";
const SWEEP: &str = "delete from limit_counters where resets_at <= $1";

/// What a counter allows: `max` hits per window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Allowance {
    pub max: u32,
    /// A window starts at a key's first hit and lasts this long.
    pub window: Duration,
}

/// The counters of one database.
#[derive(Debug, Clone)]
pub struct Counters {
    db: CounterDb,
}

#[derive(Debug, Clone)]
enum CounterDb {
    Postgres(Pg),
    Sqlite(SqlitePool),
}

/// A counter's key as stored: what is counted (`kind`, e.g. `signin-email`) and whose (`value`),
/// hashed so the table holds no address in clear.
pub fn key(kind: &str, value: &str) -> String {
    let digest = Sha256::new()
        .chain_update(kind.as_bytes())
        .chain_update([0])
        .chain_update(value.as_bytes())
        .finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Now, in the counters' clock: milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl Counters {
    pub fn new(db: &Database, pool_mode: PoolMode) -> Self {
        Self {
            db: match db {
                Database::Postgres(pool) => CounterDb::Postgres(Pg::new(pool.clone(), pool_mode)),
                Database::Sqlite(pool) => CounterDb::Sqlite(pool.clone()),
            },
        }
    }

    /// Counts one hit on every key (one or two: the request's e-mail and its address), in one
    /// statement. `true` when each key had allowance left and was counted; `false` when any was
    /// at its allowance (that one is not counted; the others are).
    #[tracing::instrument(skip_all, fields(keys = keys.len()))]
    pub async fn hit(&self, keys: &[&str], allowance: Allowance) -> Result<bool, StoreError> {
        self.hit_until(keys, allowance.max, now_ms() + ms(allowance.window))
            .await
    }

    /// [`Counters::hit`] with a window that ends at `resets_at_ms` (e.g. the end of the UTC day).
    pub async fn hit_until(
        &self,
        keys: &[&str],
        max: u32,
        resets_at_ms: i64,
    ) -> Result<bool, StoreError> {
        if keys.is_empty() {
            return Ok(true);
        }
        let sql = match keys.len() {
            1 => HIT_ONE,
            2 => HIT_TWO,
            n => unreachable!("{n} keys in one hit: a request counts at most two"),
        };
        let (now, max) = (now_ms(), i64::from(max));
        let counted = match &self.db {
            CounterDb::Postgres(pg) => {
                let mut q = pg.query_scalar::<i32>(sql);
                for k in keys {
                    q = q.bind(*k);
                }
                let mut tx = pg.begin().await?;
                let rows = q
                    .bind(resets_at_ms)
                    .bind(now)
                    .bind(max)
                    .fetch_all(&mut *tx)
                    .await?;
                tx.commit().await?;
                rows.len()
            }
            CounterDb::Sqlite(pool) => {
                let mut q = sqlx::query_scalar::<_, i64>(sql);
                for k in keys {
                    q = q.bind(*k);
                }
                q.bind(resets_at_ms)
                    .bind(now)
                    .bind(max)
                    .fetch_all(pool)
                    .await?
                    .len()
            }
        };
        Ok(counted == keys.len())
    }

    /// Whether `key` has allowance left in its window, without counting anything.
    pub async fn allows(&self, key: &str, allowance: Allowance) -> Result<bool, StoreError> {
        let now = now_ms();
        let hits: Option<i64> = match &self.db {
            CounterDb::Postgres(pg) => {
                let mut tx = pg.begin().await?;
                let hits: Option<i32> = pg
                    .query_scalar(HITS)
                    .bind(key)
                    .bind(now)
                    .fetch_optional(&mut *tx)
                    .await?;
                tx.commit().await?;
                hits.map(i64::from)
            }
            CounterDb::Sqlite(pool) => {
                sqlx::query_scalar(HITS)
                    .bind(key)
                    .bind(now)
                    .fetch_optional(pool)
                    .await?
            }
        };
        Ok(hits.is_none_or(|h| h < i64::from(allowance.max)))
    }

    /// Ends `key`'s window (a successful sign-in clears its e-mail's failures).
    pub async fn forget(&self, key: &str) -> Result<(), StoreError> {
        self.execute(FORGET, Some(key), None).await.map(drop)
    }

    /// Takes one hit back from `key`'s live window.
    pub async fn give_back(&self, key: &str) -> Result<(), StoreError> {
        self.execute(GIVE_BACK, Some(key), Some(now_ms()))
            .await
            .map(drop)
    }

    /// Deletes expired counters; returns how many.
    pub async fn sweep(&self) -> Result<u64, StoreError> {
        self.execute(SWEEP, None, Some(now_ms())).await
    }

    /// Runs a statement that binds a key, then now, each when given (in that order); returns the
    /// rows it changed.
    async fn execute(
        &self,
        sql: &str,
        key: Option<&str>,
        now: Option<i64>,
    ) -> Result<u64, StoreError> {
        match &self.db {
            CounterDb::Postgres(pg) => {
                let mut q = pg.query(sql);
                if let Some(key) = key {
                    q = q.bind(key);
                }
                if let Some(now) = now {
                    q = q.bind(now);
                }
                let mut tx = pg.begin().await?;
                let n = q.execute(&mut *tx).await?;
                tx.commit().await?;
                Ok(n.rows_affected())
            }
            CounterDb::Sqlite(pool) => {
                let mut q = sqlx::query(sql);
                if let Some(key) = key {
                    q = q.bind(key);
                }
                if let Some(now) = now {
                    q = q.bind(now);
                }
                Ok(q.execute(pool).await?.rows_affected())
            }
        }
    }
}

/// Sweeps expired counters now, then every ten minutes, for as long as the process runs. Every
/// instance sweeps; a sweep that finds nothing costs one indexed delete.
pub fn spawn_sweep(counters: Counters) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        loop {
            every.tick().await;
            match counters.sweep().await {
                Ok(0) => {}
                Ok(n) => tracing::debug!(deleted = n, "expired limit counters removed"),
                Err(e) => tracing::warn!(error = %e, "could not remove expired limit counters"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_hashes_that_tell_kinds_and_values_apart() {
        let k = key("signin-email", "ana@x.org");
        assert_eq!(k.len(), 64);
        assert!(!k.contains("ana"), "no address in clear");
        assert_ne!(k, key("signin-ip", "ana@x.org"), "kinds are apart");
        // The separator keeps `a` + `bc` and `ab` + `c` apart.
        assert_ne!(key("a", "bc"), key("ab", "c"));
    }
}
