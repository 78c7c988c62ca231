//! Keeping cached public pages honest: whenever a person's row changes, the rendered page this
//! process holds for them must be checked against the database before it is served again.
//!
//! - [`generation`] is a process-wide sequence. [`InvalidatingStore`] — the store every caller
//!   gets from [`super::store::from_database`] — records the username of each write that can
//!   change a public page (résumé, username, style, publish, unpublish, delete) at a new step of
//!   it, so no caller can forget to. A cache entry remembers the step it was checked at; a later
//!   change of its username (or of everything) means "ask the database again" (one indexed
//!   query), never "serve it anyway". Only the page that changed is re-checked: a save does not
//!   send every other page back to the database.
//! - Other instances learn of a write through Postgres `NOTIFY` on [`CHANNEL`] (sent by the
//!   writer with the username, received by [`listen`]), which records it there too.
//! - As a backstop for writers that bypass both (the SQLite command line in another process,
//!   a transaction-mode pooler where `LISTEN` cannot work, SQL typed by hand), a page checked
//!   longer than [`MAX_UNCHECKED`] ago is checked again: in the background, while the page
//!   already held is served (see `server/src/routes/public.rs`).

use std::{
    collections::HashMap,
    fmt,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc, LazyLock, RwLock,
    },
    time::Duration,
};

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::PgPool;

use super::store::{
    Account, NewUser, PublicSite, Session, Store, StoreError, Style, UserRow, UserSummary,
};

/// The Postgres channel writers notify and every instance listens on. The payload is the
/// username that changed, or empty for "anything may have changed".
pub const CHANNEL: &str = "vitae_site_changed";

/// How long a checked page is served before it is checked again in the background.
pub const MAX_UNCHECKED: Duration = Duration::from_secs(1);

/// More changed usernames than this remembered, and they are forgotten in favour of "everything
/// changed" (one re-check of every page, once).
const MAX_REMEMBERED: usize = 100_000;

static STEP: AtomicU64 = AtomicU64::new(0);
/// The step at which everything last changed.
static ALL_CHANGED: AtomicU64 = AtomicU64::new(0);
/// The step at which each (lower-cased) username last changed. Steps are taken under this lock,
/// so a reader never sees a step whose username is not recorded yet.
static CHANGED: LazyLock<RwLock<HashMap<String, u64>>> = LazyLock::new(Default::default);

/// The current step: read it *before* the database query whose result you cache.
pub fn generation() -> u64 {
    STEP.load(Ordering::Acquire)
}

/// Marks every cached page of this process as needing a check. Call after a write commits.
pub fn invalidate_all() {
    let mut changed = CHANGED.write().unwrap_or_else(|e| e.into_inner());
    let step = STEP.fetch_add(1, Ordering::AcqRel) + 1;
    ALL_CHANGED.fetch_max(step, Ordering::AcqRel);
    changed.clear();
}

/// Marks the page of `username` as needing a check. Call after a write commits.
pub fn invalidate(username: &str) {
    let mut changed = CHANGED.write().unwrap_or_else(|e| e.into_inner());
    let step = STEP.fetch_add(1, Ordering::AcqRel) + 1;
    if changed.len() >= MAX_REMEMBERED {
        changed.clear();
        ALL_CHANGED.fetch_max(step, Ordering::AcqRel);
    }
    changed.insert(username.to_ascii_lowercase(), step);
}

/// Whether nothing recorded has changed the page of `username` since step `checked_at`.
pub fn unchanged_since(username: &str, checked_at: u64) -> bool {
    // Asked on every public page request, nearly always with the lower-cased key the page cache
    // already holds: no copy then.
    let key: std::borrow::Cow<str> = if username.bytes().any(|b| b.is_ascii_uppercase()) {
        username.to_ascii_lowercase().into()
    } else {
        username.into()
    };
    let changed = CHANGED.read().unwrap_or_else(|e| e.into_inner());
    ALL_CHANGED.load(Ordering::Acquire) <= checked_at
        && changed
            .get(key.as_ref())
            .is_none_or(|&step| step <= checked_at)
}

/// A [`Store`] that invalidates cached public pages after every write that can change one, and
/// on Postgres tells the other instances with `NOTIFY`.
pub struct InvalidatingStore {
    inner: Arc<dyn Store>,
    notify: Option<PgPool>,
}

impl fmt::Debug for InvalidatingStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvalidatingStore")
            .field("inner", &self.inner)
            .finish()
    }
}

impl InvalidatingStore {
    /// `notify`: the Postgres pool to send `NOTIFY` through (none on SQLite).
    pub fn new(inner: Arc<dyn Store>, notify: Option<PgPool>) -> Self {
        Self { inner, notify }
    }

    /// After a write: the page of each of `usernames` changed; `None` when it is not known
    /// which (a failed write may still have committed), and then every page may have.
    async fn changed(&self, usernames: Option<&[&str]>) {
        match usernames {
            Some(names) => names.iter().for_each(|n| invalidate(n)),
            None => invalidate_all(),
        }
        if let Some(pool) = &self.notify {
            let payloads: Vec<&str> = usernames.map_or_else(|| vec![""], <[&str]>::to_vec);
            for payload in payloads {
                // Never prepared-and-kept: this may run through a transaction-mode pooler.
                if let Err(e) = sqlx::query("select pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(payload)
                    .persistent(false)
                    .execute(pool)
                    .await
                {
                    // The other instances still re-check within MAX_UNCHECKED.
                    tracing::warn!(error = %e, "could not notify other instances of a site change");
                    break;
                }
            }
        }
    }

    /// After a write that answers with the row: its username's page changed.
    async fn after(&self, result: Result<UserRow, StoreError>) -> Result<UserRow, StoreError> {
        match &result {
            Ok(row) => self.changed(Some(&[&row.username])).await,
            Err(_) => self.changed(None).await,
        }
        result
    }

    /// The username a person has now (before a write that changes or removes it).
    async fn username_of(&self, subject: &str) -> Option<String> {
        self.inner
            .find_by_subject(subject)
            .await
            .ok()
            .flatten()
            .map(|row| row.username)
    }
}

#[async_trait]
impl Store for InvalidatingStore {
    fn kind(&self) -> &'static str {
        self.inner.kind()
    }
    async fn find_by_subject(&self, subject: &str) -> Result<Option<UserRow>, StoreError> {
        self.inner.find_by_subject(subject).await
    }
    async fn create_user(&self, new: NewUser<'_>) -> Result<UserRow, StoreError> {
        let r = self.inner.create_user(new).await;
        self.after(r).await
    }
    async fn update_resume(&self, subject: &str, resume: &Value) -> Result<UserRow, StoreError> {
        let r = self.inner.update_resume(subject, resume).await;
        self.after(r).await
    }
    async fn set_username(&self, subject: &str, username: &str) -> Result<UserRow, StoreError> {
        // The old address must stop working at once too.
        let old = self.username_of(subject).await;
        let r = self.inner.set_username(subject, username).await;
        match (&r, &old) {
            (Ok(row), Some(old)) => self.changed(Some(&[old, &row.username])).await,
            _ => self.changed(None).await,
        }
        r
    }
    async fn set_email(&self, subject: &str, email: &str) -> Result<UserRow, StoreError> {
        // The email is never on a public page, but `updated_at` (and so the ETag) changes.
        let r = self.inner.set_email(subject, email).await;
        self.after(r).await
    }
    async fn set_style(&self, subject: &str, style: Style) -> Result<UserRow, StoreError> {
        let r = self.inner.set_style(subject, style).await;
        self.after(r).await
    }
    async fn set_live(&self, subject: &str, live: bool) -> Result<UserRow, StoreError> {
        let r = self.inner.set_live(subject, live).await;
        self.after(r).await
    }
    async fn clear_resume(&self, subject: &str) -> Result<UserRow, StoreError> {
        let r = self.inner.clear_resume(subject).await;
        self.after(r).await
    }
    async fn delete_account(&self, subject: &str) -> Result<bool, StoreError> {
        self.inner.delete_account(subject).await
    }
    async fn delete_user(&self, subject: &str) -> Result<(), StoreError> {
        let old = self.username_of(subject).await;
        let r = self.inner.delete_user(subject).await;
        match (&r, &old) {
            (Ok(()), Some(old)) => self.changed(Some(&[old])).await,
            _ => self.changed(None).await,
        }
        r
    }
    async fn find_live_by_username(
        &self,
        username: &str,
    ) -> Result<Option<PublicSite>, StoreError> {
        self.inner.find_live_by_username(username).await
    }
    async fn admin_list_users(&self) -> Result<Vec<UserSummary>, StoreError> {
        self.inner.admin_list_users().await
    }
    async fn admin_find_by_username(&self, username: &str) -> Result<Option<UserRow>, StoreError> {
        self.inner.admin_find_by_username(username).await
    }
    async fn admin_delete_by_username(&self, username: &str) -> Result<bool, StoreError> {
        let r = self.inner.admin_delete_by_username(username).await;
        match &r {
            Ok(_) => self.changed(Some(&[username])).await,
            Err(_) => self.changed(None).await,
        }
        r
    }
    async fn create_account(
        &self,
        email: &str,
        password_hash: &str,
    ) -> Result<Account, StoreError> {
        self.inner.create_account(email, password_hash).await
    }
    async fn find_account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        self.inner.find_account_by_email(email).await
    }
    async fn set_password_hash(
        &self,
        subject: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        self.inner.set_password_hash(subject, password_hash).await
    }
    async fn create_session(
        &self,
        token_hash: &str,
        subject: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Session, StoreError> {
        self.inner
            .create_session(token_hash, subject, expires_at)
            .await
    }
    async fn find_session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        self.inner.find_session(token_hash).await
    }
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.inner.delete_session(token_hash).await
    }
    async fn delete_expired_sessions(&self) -> Result<u64, StoreError> {
        self.inner.delete_expired_sessions().await
    }
}

/// Listens for [`CHANNEL`] on Postgres and invalidates this process's pages on each notification,
/// and whenever the listening connection was lost (notifications may have been missed). Runs
/// until the pool closes. Not for transaction-mode poolers, which cannot hold a `LISTEN`.
pub async fn listen(pool: PgPool) {
    let mut delay = Duration::from_millis(200);
    loop {
        if pool.is_closed() {
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
        invalidate_all();
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) if n.payload().is_empty() => invalidate_all(),
                Ok(Some(n)) => invalidate(n.payload()),
                // The connection dropped; the next call reconnects. Anything may have changed.
                Ok(None) => invalidate_all(),
                Err(e) => {
                    invalidate_all();
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
