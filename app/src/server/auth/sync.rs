//! Making sure an authenticated person has a `users` row (Wrkks's `SyncUser`, fixed).
//!
//! Wrkks inserted a username derived from the email and ignored the error when it was taken, so
//! that person never got a row. Here a taken username moves on to the next candidate
//! (`ana`, `ana-2`, `ana-3`, …), and the database settles races: the store's `create_user` returns
//! the existing row when the same subject was created by a concurrent request.

use std::future::Future;

use crate::{
    error::AppError,
    server::store::{NewUser, PeopleStore, StoreError, UserRow},
    username::Username,
};

/// How many usernames to try before giving up: far beyond any realistic clash on one stem.
const MAX_CANDIDATES: usize = 1_000;

/// The person's row, created on their first authenticated request. `email` is only called when
/// the row does not exist yet (for Clerk it may cost a Backend API call).
#[tracing::instrument(skip(store, email))]
pub async fn ensure_user<F, Fut>(
    store: &dyn PeopleStore,
    subject: &str,
    email: F,
) -> Result<UserRow, AppError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = Result<String, AppError>>,
{
    if let Some(row) = store.find_by_subject(subject).await? {
        return Ok(row);
    }
    let email = email().await?;
    for username in Username::candidates_from_email(&email).take(MAX_CANDIDATES) {
        match store
            .create_user(NewUser {
                subject,
                username: username.as_str(),
                email: &email,
            })
            .await
        {
            Ok(row) => {
                if row.username == username.as_str() {
                    tracing::info!(username = %row.username, "created the user's row");
                }
                return Ok(row);
            }
            Err(StoreError::UsernameTaken) => continue,
            Err(other) => return Err(other.into()),
        }
    }
    tracing::error!("no free username after {MAX_CANDIDATES} candidates");
    Err(AppError::Internal)
}
