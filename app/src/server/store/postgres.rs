//! The [`Store`] on Postgres (and Supabase), under Row Level Security.
//!
//! The pool connects as whatever role `DATABASE_URL` names (often a superuser or the table owner,
//! both of which bypass RLS). So no query about a person runs directly on the pool: it runs in a
//! transaction that first drops to `authenticated` with that person's claims ([`begin_as_user`]),
//! or to `anon` for public reads ([`begin_as_anon`]). The policies in
//! `migrations/postgres/0001_users.sql` then decide, exactly as they would for Supabase's API.
//! Every statement goes through [`Pg`], which keeps it correct behind a transaction-mode pooler.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use resume::Resume;
use sqlx::{types::Json, PgPool, Postgres};
use uuid::Uuid;

use super::{
    super::config::{PoolMode, Secret},
    pg::{Pg, PgTx},
    stored_resume, style_from_db, username_taken, Account, NewUser, PublicSite, Session, Store,
    StoreError, UserRow, UserSummary, PUBLIC_COLUMNS, USER_COLUMNS,
};
use crate::site::SiteStyle;

/// Starts a transaction that acts as the person `subject` (see [`Pg::begin_as_user`]).
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

/// The Postgres store.
#[derive(Debug, Clone)]
pub struct PgStore {
    pg: Pg,
}

impl PgStore {
    pub fn new(pool: PgPool, pool_mode: PoolMode) -> Self {
        Self {
            pg: Pg::new(pool, pool_mode),
        }
    }

    /// Runs one `update … returning` on the person's own row.
    async fn update_own(
        &self,
        subject: &str,
        set: &str,
        bind: impl for<'q> sqlx::Encode<'q, Postgres> + sqlx::Type<Postgres> + Send,
    ) -> Result<UserRow, sqlx::Error> {
        let sql = format!(
            "update public.users set {set} where clerk_user_id = $1 returning {USER_COLUMNS}"
        );
        let mut tx = self.pg.begin_as_user(subject).await?;
        let row: Option<PgUser> = self
            .pg
            .query_as(&sql)
            .bind(subject)
            .bind(bind)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        row.map(UserRow::from).ok_or(sqlx::Error::RowNotFound)
    }
}

/// `RowNotFound` from [`PgStore::update_own`] means the person has no row.
fn not_found(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        other => other.into(),
    }
}

#[derive(sqlx::FromRow)]
struct PgUser {
    id: Uuid,
    clerk_user_id: String,
    username: String,
    email: String,
    resume: Option<String>,
    islive: bool,
    style: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<PgUser> for UserRow {
    fn from(row: PgUser) -> Self {
        Self {
            id: row.id,
            subject: row.clerk_user_id,
            username: row.username,
            email: row.email,
            resume: stored_resume::read(row.resume),
            is_live: row.islive,
            style: style_from_db(&row.style),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[derive(sqlx::FromRow)]
struct PgPublic {
    username: String,
    resume: String,
    style: String,
    updated_at: DateTime<Utc>,
}

#[async_trait]
impl Store for PgStore {
    fn kind(&self) -> &'static str {
        "postgres"
    }

    #[tracing::instrument(skip(self))]
    async fn find_by_subject(&self, subject: &str) -> Result<Option<UserRow>, StoreError> {
        let sql = format!("select {USER_COLUMNS} from public.users where clerk_user_id = $1");
        let mut tx = self.pg.begin_as_user(subject).await?;
        let row: Option<PgUser> = self
            .pg
            .query_as(&sql)
            .bind(subject)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.map(UserRow::from))
    }

    #[tracing::instrument(skip(self, new), fields(subject = new.subject, username = new.username))]
    async fn create_user(&self, new: NewUser<'_>) -> Result<UserRow, StoreError> {
        let mut tx = self.pg.begin_as_user(new.subject).await?;
        // No conflict target: a clash on the subject (someone else's first request won) and on the
        // username (compared without case) both end in "nothing inserted", never in an error.
        self.pg
            .query(
                "insert into public.users (clerk_user_id, username, email) values ($1, $2, $3) \
             on conflict do nothing",
            )
            .bind(new.subject)
            .bind(new.username.to_lowercase())
            .bind(new.email)
            .execute(&mut *tx)
            .await?;
        let sql = format!("select {USER_COLUMNS} from public.users where clerk_user_id = $1");
        let row: Option<PgUser> = self
            .pg
            .query_as(&sql)
            .bind(new.subject)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        row.map(UserRow::from).ok_or(StoreError::UsernameTaken)
    }

    #[tracing::instrument(skip(self, resume))]
    async fn update_resume(&self, subject: &str, resume: &Resume) -> Result<UserRow, StoreError> {
        self.update_own(subject, "resume = $2", Json(resume))
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn set_username(&self, subject: &str, username: &str) -> Result<UserRow, StoreError> {
        self.update_own(subject, "username = $2", username.to_lowercase())
            .await
            .map_err(|e| match e {
                sqlx::Error::RowNotFound => StoreError::NotFound,
                other => username_taken(other),
            })
    }

    #[tracing::instrument(skip(self, email))]
    async fn set_email(&self, subject: &str, email: &str) -> Result<UserRow, StoreError> {
        self.update_own(subject, "email = $2", email.to_string())
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn set_style(&self, subject: &str, style: SiteStyle) -> Result<UserRow, StoreError> {
        self.update_own(subject, "style = $2", style.as_str())
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn set_live(&self, subject: &str, live: bool) -> Result<UserRow, StoreError> {
        self.update_own(subject, "islive = $2", live)
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn clear_resume(&self, subject: &str) -> Result<UserRow, StoreError> {
        self.update_own(subject, "resume = null, islive = $2", false)
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn delete_user(&self, subject: &str) -> Result<(), StoreError> {
        let mut tx = self.pg.begin_as_user(subject).await?;
        let deleted = self
            .pg
            .query("delete from public.users where clerk_user_id = $1")
            .bind(subject)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        if deleted == 0 {
            Err(StoreError::NotFound)
        } else {
            Ok(())
        }
    }

    #[tracing::instrument(skip(self))]
    async fn find_live_by_username(
        &self,
        username: &str,
    ) -> Result<Option<PublicSite>, StoreError> {
        // Case-insensitive, served by the unique index on lower(username). Should an old database
        // hold two usernames differing only in case, the exact match wins.
        let sql = format!(
            "select {PUBLIC_COLUMNS} from public.users \
             where lower(username) = lower($1) and islive and resume is not null \
             order by username = $1 desc limit 1"
        );
        let mut tx = self.pg.begin_as_anon().await?;
        let row: Option<PgPublic> = self
            .pg
            .query_as(&sql)
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        row.map_or(Ok(None), |r| {
            PublicSite::from_stored(r.username, r.resume, &r.style, r.updated_at)
        })
    }

    #[tracing::instrument(skip(self))]
    async fn admin_list_users(&self) -> Result<Vec<UserSummary>, StoreError> {
        let mut tx = self.pg.begin().await?;
        let rows: Vec<(String, String, bool, DateTime<Utc>)> = self
            .pg
            .query_as(
                "select username, email, coalesce(islive, false), updated_at \
             from public.users order by username",
            )
            .fetch_all(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(rows
            .into_iter()
            .map(|(username, email, is_live, updated_at)| UserSummary {
                username,
                email,
                is_live,
                updated_at,
            })
            .collect())
    }

    #[tracing::instrument(skip(self))]
    async fn admin_find_by_username(&self, username: &str) -> Result<Option<UserRow>, StoreError> {
        let sql = format!(
            "select {USER_COLUMNS} from public.users where lower(username) = lower($1) \
             order by username = $1 desc limit 1"
        );
        let mut tx = self.pg.begin().await?;
        let row: Option<PgUser> = self
            .pg
            .query_as(&sql)
            .bind(username)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.map(UserRow::from))
    }

    #[tracing::instrument(skip(self))]
    async fn admin_delete_by_username(&self, username: &str) -> Result<bool, StoreError> {
        let mut tx = self.pg.begin().await?;
        let deleted = self
            .pg
            .query("delete from public.users where username = $1")
            .bind(username)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted > 0)
    }

    #[tracing::instrument(skip(self, email, password_hash))]
    async fn create_account(
        &self,
        email: &str,
        password_hash: &str,
    ) -> Result<Account, StoreError> {
        let subject = format!("local_{}", Uuid::new_v4());
        let mut tx = self.pg.begin().await?;
        let row: Option<PgAccount> = self
            .pg
            .query_as(
                "insert into public.accounts (subject, email, password_hash) values ($1, $2, $3) \
             on conflict do nothing \
             returning subject, email, password_hash, created_at, updated_at",
            )
            .bind(&subject)
            .bind(email)
            .bind(password_hash)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        row.map(Account::from).ok_or(StoreError::EmailTaken)
    }

    #[tracing::instrument(skip(self, email))]
    async fn find_account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let mut tx = self.pg.begin().await?;
        let row: Option<PgAccount> = self
            .pg
            .query_as(
                "select subject, email, password_hash, created_at, updated_at \
             from public.accounts where lower(email) = lower($1)",
            )
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(row.map(Account::from))
    }

    #[tracing::instrument(skip(self))]
    async fn delete_account(&self, subject: &str) -> Result<bool, StoreError> {
        // Its sessions go with it (`on delete cascade`).
        let mut tx = self.pg.begin().await?;
        let deleted = self
            .pg
            .query("delete from public.accounts where subject = $1")
            .bind(subject)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted > 0)
    }

    #[tracing::instrument(skip(self, password_hash))]
    async fn set_password_hash(
        &self,
        subject: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pg.begin().await?;
        let changed = self
            .pg
            .query("update public.accounts set password_hash = $2 where subject = $1")
            .bind(subject)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        self.pg
            .query("delete from public.sessions where subject = $1")
            .bind(subject)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip(self, token_hash))]
    async fn create_session(
        &self,
        token_hash: &str,
        subject: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Session, StoreError> {
        let mut tx = self.pg.begin().await?;
        let (created_at,): (DateTime<Utc>,) = self
            .pg
            .query_as(
                "insert into public.sessions (id, subject, expires_at) values ($1, $2, $3) \
             returning created_at",
            )
            .bind(token_hash)
            .bind(subject)
            .bind(expires_at)
            .fetch_one(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(Session {
            token_hash: token_hash.to_string(),
            subject: subject.to_string(),
            expires_at,
            created_at,
        })
    }

    #[tracing::instrument(skip(self, token_hash))]
    async fn find_session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        let mut tx = self.pg.begin().await?;
        let row: Option<(String, String, DateTime<Utc>, DateTime<Utc>)> = self
            .pg
            .query_as(
                "select id, subject, expires_at, created_at from public.sessions \
             where id = $1 and expires_at > now()",
            )
            .bind(token_hash)
            .fetch_optional(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(
            row.map(|(token_hash, subject, expires_at, created_at)| Session {
                token_hash,
                subject,
                expires_at,
                created_at,
            }),
        )
    }

    #[tracing::instrument(skip(self, token_hash))]
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.pg.begin().await?;
        self.pg
            .query("delete from public.sessions where id = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip(self))]
    async fn delete_expired_sessions(&self) -> Result<u64, StoreError> {
        let mut tx = self.pg.begin().await?;
        let deleted = self
            .pg
            .query("delete from public.sessions where expires_at <= now()")
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted)
    }
}

#[derive(sqlx::FromRow)]
struct PgAccount {
    subject: String,
    email: String,
    password_hash: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<PgAccount> for Account {
    fn from(row: PgAccount) -> Self {
        Self {
            subject: row.subject,
            email: row.email,
            password_hash: Secret::new(row.password_hash),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
