//! Keeping cached public pages honest: whenever a person's row changes, every rendered page this
//! process holds must be checked against the database before it is served again.
//!
//! - [`generation`] is a process-wide counter. [`InvalidatingStore`] — the store every caller
//!   gets from [`super::store::from_database`] — bumps it after each write that can change a public
//!   page (résumé, username, style, publish, unpublish, delete), so no caller can forget to.
//!   A cache entry remembers the generation it was checked at; a different one means "ask the
//!   database again" (one indexed query), never "serve it anyway".
//! - Other instances learn of a write through Postgres `NOTIFY` on [`CHANNEL`] (sent by the
//!   writer, received by [`listen`]), which bumps their counter too.
//! - As a backstop for writers that bypass both (the SQLite command line in another process,
//!   a transaction-mode pooler where `LISTEN` cannot work, SQL typed by hand), the page cache
//!   re-checks every entry at least every [`MAX_UNCHECKED`].

use std::{
    fmt,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
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

/// The Postgres channel writers notify and every instance listens on.
pub const CHANNEL: &str = "vitae_site_changed";

/// The longest a cached page is served without asking the database whether it changed.
pub const MAX_UNCHECKED: Duration = Duration::from_secs(1);

static GENERATION: AtomicU64 = AtomicU64::new(0);

/// The current generation: read it *before* the database query whose result you cache.
pub fn generation() -> u64 {
    GENERATION.load(Ordering::Acquire)
}

/// Marks every cached page of this process as needing a check. Call after a write commits.
pub fn invalidate_all() {
    GENERATION.fetch_add(1, Ordering::AcqRel);
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

    /// After a write (successful or not: a failed one may still have committed).
    async fn changed(&self) {
        invalidate_all();
        if let Some(pool) = &self.notify {
            // Never prepared-and-kept: this may run through a transaction-mode pooler.
            if let Err(e) = sqlx::query("select pg_notify($1, '')")
                .bind(CHANNEL)
                .persistent(false)
                .execute(pool)
                .await
            {
                // The other instances still re-check within MAX_UNCHECKED.
                tracing::warn!(error = %e, "could not notify other instances of a site change");
            }
        }
    }

    async fn after<T>(&self, result: Result<T, StoreError>) -> Result<T, StoreError> {
        self.changed().await;
        result
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
        let r = self.inner.set_username(subject, username).await;
        self.after(r).await
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
        let r = self.inner.delete_user(subject).await;
        self.after(r).await
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
        self.after(r).await
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
                Ok(Some(_)) => invalidate_all(),
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
