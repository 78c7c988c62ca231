//! Keeping cached public pages honest: whenever a person's row changes, the rendered page an
//! instance holds for them must be checked against the database before it is served again.
//!
//! - [`SiteMarks`] (one per application, in its state) is a sequence of steps.
//!   `store::invalidating::InvalidatingStore` — the store every caller gets from
//!   `store::from_database` —
//!   records the username of each write that can change a public page (résumé, username, style,
//!   publish, unpublish, delete) at a new step, so no caller can forget to. A cache entry
//!   remembers the step it was checked at; a later change of its username (or of everything) means
//!   "ask the database again" (one indexed query), never "serve it anyway". Only the page that
//!   changed is re-checked: a save does not send every other page back to the database.
//! - Other instances, and SQL typed by hand, are heard through Postgres: a trigger on `users`
//!   (`migrations/postgres/0003_…`) sends the changed username on [`CHANNEL`] when the change
//!   commits, and [`listen`] records it. It needs a session-level connection: the pool's in
//!   session mode, `DATABASE_DIRECT_URL` behind a transaction pooler.
//! - While an instance is not listening (SQLite, whose other writer is the command line in
//!   another process; a transaction pooler without a direct connection; the listening connection
//!   lost), a page checked longer than [`MAX_UNCHECKED`] ago is checked **before** it is served
//!   (see `server/src/routes/public.rs`). While listening, it is served and checked in the
//!   background: a change it could miss would have to bypass the trigger.

use std::{
    collections::HashMap,
    sync::{
        atomic::{AtomicBool, AtomicU64, Ordering},
        Arc, RwLock,
    },
    time::Duration,
};

use sqlx::PgPool;

/// The Postgres channel the `users` trigger notifies and every instance listens on. The payload
/// is the lower-cased username that changed, or empty for "anything may have changed".
pub const CHANNEL: &str = "vitae_site_changed";

/// How long a checked page is served before it is checked again: while an instance cannot hear
/// changes this bounds how long an unpublished page lives there (the promise is one second, and a
/// check itself takes a few milliseconds, more under load); a hot page costs two indexed queries
/// a second per instance.
pub const MAX_UNCHECKED: Duration = Duration::from_millis(500);

/// More changed usernames than this remembered, and they are forgotten in favour of "everything
/// changed" (one re-check of every page, once).
const MAX_REMEMBERED: usize = 100_000;

/// Which public pages may have changed since a cache entry was checked: one per application, so
/// two applications in one process (tests, or a blue/green restart) never see each other's marks.
#[derive(Debug, Default)]
pub struct SiteMarks {
    step: AtomicU64,
    /// The step at which everything last changed.
    all_changed: AtomicU64,
    /// The step at which each (lower-cased) username last changed. Steps are taken under this
    /// lock, so a reader never sees a step whose username is not recorded yet.
    changed: RwLock<HashMap<String, u64>>,
    /// A LISTEN connection is up: other instances' changes are being heard.
    listening: AtomicBool,
}

impl SiteMarks {
    /// The current step: read it *before* the database query whose result you cache.
    pub fn generation(&self) -> u64 {
        self.step.load(Ordering::Acquire)
    }

    /// Marks every cached page as needing a check. Call after a write commits.
    pub fn invalidate_all(&self) {
        let mut changed = self.changed.write().unwrap_or_else(|e| e.into_inner());
        let step = self.step.fetch_add(1, Ordering::AcqRel) + 1;
        self.all_changed.fetch_max(step, Ordering::AcqRel);
        changed.clear();
    }

    /// Marks the page of `username` as needing a check. Call after a write commits.
    pub fn invalidate(&self, username: &str) {
        let mut changed = self.changed.write().unwrap_or_else(|e| e.into_inner());
        let step = self.step.fetch_add(1, Ordering::AcqRel) + 1;
        if changed.len() >= MAX_REMEMBERED {
            changed.clear();
            self.all_changed.fetch_max(step, Ordering::AcqRel);
        }
        changed.insert(username.to_ascii_lowercase(), step);
    }

    /// Whether nothing recorded has changed the page of `username` since step `checked_at`.
    pub fn unchanged_since(&self, username: &str, checked_at: u64) -> bool {
        // Asked on every public page request, nearly always with the lower-cased key the page
        // cache already holds: no copy then.
        let key: std::borrow::Cow<str> = if username.bytes().any(|b| b.is_ascii_uppercase()) {
            username.to_ascii_lowercase().into()
        } else {
            username.into()
        };
        let changed = self.changed.read().unwrap_or_else(|e| e.into_inner());
        self.all_changed.load(Ordering::Acquire) <= checked_at
            && changed
                .get(key.as_ref())
                .is_none_or(|&step| step <= checked_at)
    }

    /// Whether changes made elsewhere are being heard now. When not, an aging page must be
    /// checked before it is served.
    pub fn is_listening(&self) -> bool {
        self.listening.load(Ordering::Acquire)
    }

    fn set_listening(&self, listening: bool) {
        self.listening.store(listening, Ordering::Release);
    }
}

/// Listens for [`CHANNEL`] on `pool` (a session-level connection) and marks pages on each
/// notification, and all of them whenever the listening connection was (re)made or lost
/// (notifications may have been missed). Runs until the pool closes.
pub async fn listen(pool: PgPool, marks: Arc<SiteMarks>) {
    let mut delay = Duration::from_millis(200);
    loop {
        if pool.is_closed() {
            marks.set_listening(false);
            return;
        }
        let mut listener = match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "site cache: cannot listen for changes; retrying");
                tokio::time::sleep(delay).await;
                delay = (delay * 2).min(Duration::from_secs(30));
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "site cache: LISTEN failed; retrying");
            tokio::time::sleep(delay).await;
            continue;
        }
        delay = Duration::from_millis(200);
        // Anything may have changed while nobody listened; from now on changes are heard.
        marks.invalidate_all();
        marks.set_listening(true);
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) if n.payload().is_empty() => marks.invalidate_all(),
                Ok(Some(n)) => marks.invalidate(n.payload()),
                // The connection dropped; the next call reconnects. Until LISTEN is back, pages
                // are checked before they are served.
                Ok(None) => {
                    marks.set_listening(false);
                    marks.invalidate_all();
                    break;
                }
                Err(e) => {
                    marks.set_listening(false);
                    marks.invalidate_all();
                    if pool.is_closed() {
                        return;
                    }
                    tracing::warn!(error = %e, "site cache: listening connection failed");
                    tokio::time::sleep(delay).await;
                    break;
                }
            }
        }
    }
}
