//! [`AdminStore`]: the operator's view of every row (`vitae users …`), and the one question the
//! app asks across people (is a username taken?). Runs as the connecting role: other people's
//! rows are out of a person's reach under Row Level Security.

use std::fmt;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{
    people::{user_row, UserRow},
    sql,
    sql_store::{Arg, As, SqlStore},
    StoreError,
};

/// A row for the operator's `vitae users list`.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct UserSummary {
    pub username: String,
    pub email: String,
    pub is_live: bool,
    pub updated_at: DateTime<Utc>,
}

/// The operator's reads and deletes, by username.
#[async_trait]
pub trait AdminStore: Send + Sync + fmt::Debug {
    /// Every row, by username.
    async fn admin_list_users(&self) -> Result<Vec<UserSummary>, StoreError>;

    /// One row by username (compared without case), live or not.
    async fn admin_find_by_username(&self, username: &str) -> Result<Option<UserRow>, StoreError>;

    /// Deletes one row by its exact stored username; `false` when there was none. Public pages
    /// are not marked here: the operator's commands run in their own process, and the servers
    /// hear of the change from the database.
    async fn admin_delete_by_username(&self, username: &str) -> Result<bool, StoreError>;
}

#[async_trait]
impl AdminStore for SqlStore {
    #[tracing::instrument(skip(self))]
    async fn admin_list_users(&self) -> Result<Vec<UserSummary>, StoreError> {
        Ok(self.fetch_all(As::Server, &sql::ADMIN_LIST, &[]).await?)
    }

    #[tracing::instrument(skip(self))]
    async fn admin_find_by_username(&self, username: &str) -> Result<Option<UserRow>, StoreError> {
        let args = [Arg::Text(username)];
        user_row(
            self.fetch_optional(As::Server, &sql::ADMIN_FIND, &args)
                .await?,
        )
    }

    #[tracing::instrument(skip(self))]
    async fn admin_delete_by_username(&self, username: &str) -> Result<bool, StoreError> {
        let args = [Arg::Text(username)];
        Ok(self.execute(As::Server, &sql::ADMIN_DELETE, &args).await? > 0)
    }
}
