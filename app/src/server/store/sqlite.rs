//! The [`Store`] on SQLite, the embedded default.
//!
//! SQLite has no roles: one process owns the file, and every query about a person is scoped to
//! them by `where clerk_user_id = ?`. Statements that change a row set `updated_at` themselves so
//! that `returning` reports it (a trigger's change comes too late for `returning`).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use resume::Resume;
use sqlx::{types::Json, Sqlite, SqlitePool};
use uuid::Uuid;

use super::{
    super::config::Secret, stored_resume, style_from_db, username_taken, Account, NewUser,
    PublicSite, Session, Store, StoreError, UserRow, UserSummary, PUBLIC_COLUMNS, USER_COLUMNS,
};
use crate::site::SiteStyle;

/// The current time as the migrations store it (RFC 3339, UTC, milliseconds).
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// The SQLite store.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

impl SqliteStore {
    pub fn new(pool: SqlitePool) -> Self {
        Self { pool }
    }

    async fn update_own(
        &self,
        subject: &str,
        set: &str,
        bind: impl for<'q> sqlx::Encode<'q, Sqlite> + sqlx::Type<Sqlite> + Send,
    ) -> Result<UserRow, sqlx::Error> {
        let sql = format!(
            "update users set {set}, updated_at = {NOW} where clerk_user_id = ?1 \
             returning {USER_COLUMNS}"
        );
        let row: Option<SqliteUser> = sqlx::query_as(&sql)
            .bind(subject)
            .bind(bind)
            .fetch_optional(&self.pool)
            .await?;
        row.ok_or(sqlx::Error::RowNotFound)?.try_into()
    }

    async fn select_by_subject(&self, subject: &str) -> Result<Option<UserRow>, sqlx::Error> {
        let sql = format!("select {USER_COLUMNS} from users where clerk_user_id = ?1");
        let row: Option<SqliteUser> = sqlx::query_as(&sql)
            .bind(subject)
            .fetch_optional(&self.pool)
            .await?;
        row.map(UserRow::try_from).transpose()
    }
}

fn not_found(error: sqlx::Error) -> StoreError {
    match error {
        sqlx::Error::RowNotFound => StoreError::NotFound,
        other => other.into(),
    }
}

#[derive(sqlx::FromRow)]
struct SqliteUser {
    id: String,
    clerk_user_id: String,
    username: String,
    email: String,
    resume: Option<String>,
    islive: bool,
    style: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<SqliteUser> for UserRow {
    type Error = sqlx::Error;
    fn try_from(row: SqliteUser) -> Result<Self, sqlx::Error> {
        let id = Uuid::parse_str(&row.id).map_err(|e| sqlx::Error::ColumnDecode {
            index: "id".into(),
            source: Box::new(e),
        })?;
        Ok(Self {
            id,
            subject: row.clerk_user_id,
            username: row.username,
            email: row.email,
            resume: stored_resume::read(row.resume),
            is_live: row.islive,
            style: style_from_db(&row.style),
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

#[derive(sqlx::FromRow)]
struct SqlitePublic {
    username: String,
    resume: String,
    style: String,
    updated_at: DateTime<Utc>,
}

#[async_trait]
impl Store for SqliteStore {
    fn kind(&self) -> &'static str {
        "sqlite"
    }

    #[tracing::instrument(skip(self))]
    async fn find_by_subject(&self, subject: &str) -> Result<Option<UserRow>, StoreError> {
        Ok(self.select_by_subject(subject).await?)
    }

    #[tracing::instrument(skip(self, new), fields(subject = new.subject, username = new.username))]
    async fn create_user(&self, new: NewUser<'_>) -> Result<UserRow, StoreError> {
        // As on Postgres: no conflict target, so a clash on the subject or on the username ends in
        // "nothing inserted"; the read that follows tells which.
        sqlx::query(
            "insert into users (id, clerk_user_id, username, email) values (?1, ?2, ?3, ?4) \
             on conflict do nothing",
        )
        .bind(Uuid::new_v4().to_string())
        .bind(new.subject)
        .bind(new.username.to_lowercase())
        .bind(new.email)
        .execute(&self.pool)
        .await?;
        self.select_by_subject(new.subject)
            .await?
            .ok_or(StoreError::UsernameTaken)
    }

    #[tracing::instrument(skip(self, resume))]
    async fn update_resume(&self, subject: &str, resume: &Resume) -> Result<UserRow, StoreError> {
        self.update_own(subject, "resume = ?2", Json(resume))
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn set_username(&self, subject: &str, username: &str) -> Result<UserRow, StoreError> {
        self.update_own(subject, "username = ?2", username.to_lowercase())
            .await
            .map_err(|e| match e {
                sqlx::Error::RowNotFound => StoreError::NotFound,
                other => username_taken(other),
            })
    }

    #[tracing::instrument(skip(self, email))]
    async fn set_email(&self, subject: &str, email: &str) -> Result<UserRow, StoreError> {
        self.update_own(subject, "email = ?2", email.to_string())
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn set_style(&self, subject: &str, style: SiteStyle) -> Result<UserRow, StoreError> {
        self.update_own(subject, "style = ?2", style.as_str().to_string())
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn set_live(&self, subject: &str, live: bool) -> Result<UserRow, StoreError> {
        self.update_own(subject, "islive = ?2", live)
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn clear_resume(&self, subject: &str) -> Result<UserRow, StoreError> {
        self.update_own(subject, "resume = null, islive = ?2", false)
            .await
            .map_err(not_found)
    }

    #[tracing::instrument(skip(self))]
    async fn delete_user(&self, subject: &str) -> Result<(), StoreError> {
        let deleted = sqlx::query("delete from users where clerk_user_id = ?1")
            .bind(subject)
            .execute(&self.pool)
            .await?
            .rows_affected();
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
        let sql = format!(
            "select {PUBLIC_COLUMNS} from users \
             where lower(username) = lower(?1) and islive and resume is not null \
             order by username = ?1 desc limit 1"
        );
        let row: Option<SqlitePublic> = sqlx::query_as(&sql)
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        row.map_or(Ok(None), |r| {
            PublicSite::from_stored(r.username, r.resume, &r.style, r.updated_at)
        })
    }

    #[tracing::instrument(skip(self))]
    async fn admin_list_users(&self) -> Result<Vec<UserSummary>, StoreError> {
        let rows: Vec<(String, String, bool, DateTime<Utc>)> = sqlx::query_as(
            "select username, email, coalesce(islive, false), updated_at \
             from users order by username",
        )
        .fetch_all(&self.pool)
        .await?;
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
            "select {USER_COLUMNS} from users where lower(username) = lower(?1) \
             order by username = ?1 desc limit 1"
        );
        let row: Option<SqliteUser> = sqlx::query_as(&sql)
            .bind(username)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(UserRow::try_from).transpose()?)
    }

    #[tracing::instrument(skip(self))]
    async fn admin_delete_by_username(&self, username: &str) -> Result<bool, StoreError> {
        let deleted = sqlx::query("delete from users where username = ?1")
            .bind(username)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(deleted > 0)
    }

    #[tracing::instrument(skip(self, email, password_hash))]
    async fn create_account(
        &self,
        email: &str,
        password_hash: &str,
    ) -> Result<Account, StoreError> {
        let subject = format!("local_{}", Uuid::new_v4());
        let row: Option<SqliteAccount> = sqlx::query_as(
            "insert into accounts (subject, email, password_hash) values (?1, ?2, ?3) \
             on conflict do nothing \
             returning subject, email, password_hash, created_at, updated_at",
        )
        .bind(&subject)
        .bind(email)
        .bind(password_hash)
        .fetch_optional(&self.pool)
        .await?;
        row.map(Account::from).ok_or(StoreError::EmailTaken)
    }

    #[tracing::instrument(skip(self, email))]
    async fn find_account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let row: Option<SqliteAccount> = sqlx::query_as(
            "select subject, email, password_hash, created_at, updated_at \
             from accounts where lower(email) = lower(?1)",
        )
        .bind(email)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(Account::from))
    }

    #[tracing::instrument(skip(self))]
    async fn delete_account(&self, subject: &str) -> Result<bool, StoreError> {
        // Sessions go with the account (`on delete cascade`, with foreign keys on).
        let mut tx = self.pool.begin().await?;
        sqlx::query("delete from sessions where subject = ?1")
            .bind(subject)
            .execute(&mut *tx)
            .await?;
        let deleted = sqlx::query("delete from accounts where subject = ?1")
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
        let mut tx = self.pool.begin().await?;
        let sql = format!(
            "update accounts set password_hash = ?2, updated_at = {NOW} where subject = ?1"
        );
        let changed = sqlx::query(&sql)
            .bind(subject)
            .bind(password_hash)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query("delete from sessions where subject = ?1")
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
        let (created_at,): (DateTime<Utc>,) = sqlx::query_as(
            "insert into sessions (id, subject, expires_at) values (?1, ?2, ?3) \
             returning created_at",
        )
        .bind(token_hash)
        .bind(subject)
        .bind(sqlite_time(expires_at))
        .fetch_one(&self.pool)
        .await?;
        Ok(Session {
            token_hash: token_hash.to_string(),
            subject: subject.to_string(),
            expires_at,
            created_at,
        })
    }

    #[tracing::instrument(skip(self, token_hash))]
    async fn find_session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        let sql = format!(
            "select id, subject, expires_at, created_at from sessions \
             where id = ?1 and expires_at > {NOW}"
        );
        let row: Option<(String, String, DateTime<Utc>, DateTime<Utc>)> = sqlx::query_as(&sql)
            .bind(token_hash)
            .fetch_optional(&self.pool)
            .await?;
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
        sqlx::query("delete from sessions where id = ?1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    #[tracing::instrument(skip(self))]
    async fn delete_expired_sessions(&self) -> Result<u64, StoreError> {
        let sql = format!("delete from sessions where expires_at <= {NOW}");
        Ok(sqlx::query(&sql).execute(&self.pool).await?.rows_affected())
    }
}

/// A time in the format the migrations store, so text comparisons order it correctly.
fn sqlite_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[derive(sqlx::FromRow)]
struct SqliteAccount {
    subject: String,
    email: String,
    password_hash: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<SqliteAccount> for Account {
    fn from(row: SqliteAccount) -> Self {
        Self {
            subject: row.subject,
            email: row.email,
            password_hash: Secret::new(row.password_hash),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}
