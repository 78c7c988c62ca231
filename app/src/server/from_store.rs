//! How the store's errors become [`AppError`]s (an outage a 503, a taken name a field message, a
//! résumé that does not read a 409). Here rather than beside `AppError`, which the browser build
//! shares, so nothing outside `server` imports it.

use super::store::{StoreError, Unreadable};
use crate::error::AppError;

/// Outages and bugs are logged here, once, with their cause: the person sees only the sentence.
impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::UsernameTaken => Self::invalid("username", "That username is taken."),
            StoreError::EmailTaken => Self::EmailTaken,
            StoreError::NotFound => Self::NotFound,
            StoreError::Unreadable(e) => e.into(),
            StoreError::Unavailable(e) => {
                tracing::warn!(error = %e, "database unavailable");
                Self::Unavailable
            }
            StoreError::Other(e) => {
                tracing::error!(error = %e, "database error");
                Self::Internal
            }
        }
    }
}

/// Logged here, once, with what is stored: the person is told it is kept, not what it holds.
impl From<Unreadable> for AppError {
    fn from(error: Unreadable) -> Self {
        tracing::error!(reason = %error.reason, stored = %error.stored, "a saved résumé does not read");
        Self::SavedResumeUnreadable
    }
}
