//! How the store's own types become the app's: its errors become [`AppError`]s (an outage a 503,
//! a taken name a field message), its style a [`SiteStyle`]. Here rather than beside `AppError`
//! or `SiteStyle`, which the browser build shares, so nothing outside `server` imports it.

use super::store::{StoreError, Style};
use crate::{error::AppError, site::SiteStyle};

/// Outages and bugs are logged here, once, with their cause: the person sees only the sentence.
impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::UsernameTaken => Self::invalid("username", "That username is taken."),
            StoreError::EmailTaken => Self::EmailTaken,
            StoreError::NotFound => Self::NotFound,
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

impl From<SiteStyle> for Style {
    fn from(style: SiteStyle) -> Self {
        match style {
            SiteStyle::Simple => Self::Simple,
            SiteStyle::Bento => Self::Bento,
        }
    }
}

impl From<Style> for SiteStyle {
    fn from(style: Style) -> Self {
        match style {
            Style::Simple => Self::Simple,
            Style::Bento => Self::Bento,
        }
    }
}
