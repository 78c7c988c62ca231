//! [`AccountStore`]: built-in accounts (`AUTH_PROVIDER=local`) and their sessions. Not a person's
//! own row in the Row Level Security sense (a session is looked up before anyone is known): on
//! Postgres these run as the connecting role, and `anon`/`authenticated` have no access to the
//! tables at all.

use std::fmt;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::{
    sql,
    sql_store::{Arg, As, SqlStore},
    StoreError,
};
use crate::server::config::Secret;

/// A built-in account. Never serialised; the hash prints redacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// `local_` and a UUID: the subject its `users` row carries.
    pub subject: String,
    pub email: String,
    /// The argon2id PHC string.
    pub password_hash: Secret,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A signed-in session of a built-in account, found by the hash of its token.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Session {
    pub token_hash: String,
    pub subject: String,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// Built-in accounts and their sessions.
#[async_trait]
pub trait AccountStore: Send + Sync + fmt::Debug {
    /// Creates an account with a new `local_…` subject. [`StoreError::EmailTaken`] when the
    /// address (compared without case) has one.
    async fn create_account(&self, email: &str, password_hash: &str)
        -> Result<Account, StoreError>;

    /// The account for `email`, compared without case.
    async fn find_account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError>;

    /// Deletes a built-in account and, with it, every session it has; `false` when there was none.
    async fn delete_account(&self, subject: &str) -> Result<bool, StoreError>;

    /// Replaces the password hash and ends every session of the account.
    async fn set_password_hash(&self, subject: &str, password_hash: &str)
        -> Result<(), StoreError>;

    /// Stores a session (`token_hash`: the hash of the random token, never the token).
    async fn create_session(
        &self,
        token_hash: &str,
        subject: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<Session, StoreError>;

    /// The session with this token hash, if it has not expired.
    async fn find_session(&self, token_hash: &str) -> Result<Option<Session>, StoreError>;

    /// Ends one session (signing out). Ending one that does not exist is not an error.
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError>;

    /// Removes expired sessions; returns how many.
    async fn delete_expired_sessions(&self) -> Result<u64, StoreError>;
}

#[derive(sqlx::FromRow)]
struct AccountRecord {
    subject: String,
    email: String,
    password_hash: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl From<AccountRecord> for Account {
    fn from(row: AccountRecord) -> Self {
        Self {
            subject: row.subject,
            email: row.email,
            password_hash: Secret::new(row.password_hash),
            created_at: row.created_at,
            updated_at: row.updated_at,
        }
    }
}

#[async_trait]
impl AccountStore for SqlStore {
    #[tracing::instrument(skip(self, email, password_hash))]
    async fn create_account(
        &self,
        email: &str,
        password_hash: &str,
    ) -> Result<Account, StoreError> {
        let subject = format!("local_{}", Uuid::new_v4());
        let args = [
            Arg::Text(&subject),
            Arg::Text(email),
            Arg::Text(password_hash),
        ];
        let row: Option<AccountRecord> = self
            .fetch_optional(As::Server, &sql::CREATE_ACCOUNT, &args)
            .await?;
        row.map(Account::from).ok_or(StoreError::EmailTaken)
    }

    #[tracing::instrument(skip(self, email))]
    async fn find_account_by_email(&self, email: &str) -> Result<Option<Account>, StoreError> {
        let row: Option<AccountRecord> = self
            .fetch_optional(As::Server, &sql::FIND_ACCOUNT, &[Arg::Text(email)])
            .await?;
        Ok(row.map(Account::from))
    }

    #[tracing::instrument(skip(self))]
    async fn delete_account(&self, subject: &str) -> Result<bool, StoreError> {
        let args = [Arg::Text(subject)];
        let mut tx = self.begin(As::Server).await?;
        tx.execute(&sql::DELETE_SESSIONS_OF, &args).await?;
        let deleted = tx.execute(&sql::DELETE_ACCOUNT, &args).await?;
        tx.commit().await?;
        Ok(deleted > 0)
    }

    #[tracing::instrument(skip(self, password_hash))]
    async fn set_password_hash(
        &self,
        subject: &str,
        password_hash: &str,
    ) -> Result<(), StoreError> {
        let args = [
            Arg::Text(subject),
            Arg::Text(password_hash),
            Arg::Time(Utc::now()),
        ];
        let mut tx = self.begin(As::Server).await?;
        if tx.execute(&sql::SET_PASSWORD_HASH, &args).await? == 0 {
            return Err(StoreError::NotFound);
        }
        tx.execute(&sql::DELETE_SESSIONS_OF, &[Arg::Text(subject)])
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
        let args = [
            Arg::Text(token_hash),
            Arg::Text(subject),
            Arg::Time(expires_at),
        ];
        self.fetch_optional(As::Server, &sql::CREATE_SESSION, &args)
            .await?
            .ok_or(StoreError::Other(sqlx::Error::RowNotFound))
    }

    #[tracing::instrument(skip(self, token_hash))]
    async fn find_session(&self, token_hash: &str) -> Result<Option<Session>, StoreError> {
        let args = [Arg::Text(token_hash), Arg::Time(Utc::now())];
        Ok(self
            .fetch_optional(As::Server, &sql::FIND_SESSION, &args)
            .await?)
    }

    #[tracing::instrument(skip(self, token_hash))]
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let args = [Arg::Text(token_hash)];
        self.execute(As::Server, &sql::DELETE_SESSION, &args)
            .await?;
        Ok(())
    }

    #[tracing::instrument(skip(self))]
    async fn delete_expired_sessions(&self) -> Result<u64, StoreError> {
        let args = [Arg::Time(Utc::now())];
        Ok(self
            .execute(As::Server, &sql::DELETE_EXPIRED_SESSIONS, &args)
            .await?)
    }
}
