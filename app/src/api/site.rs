//! The site's address (username), style, and whether it is live.

use leptos::prelude::*;

use crate::{
    error::AppError,
    site::{accent::Accent, SiteStyle},
    wire::UsernameCheck,
};

/// Whether `username` is free for the signed-in person (rate-limited: it runs as they type).
#[server(endpoint = "username/check")]
pub async fn check_username(username: String) -> Result<UsernameCheck, AppError> {
    use crate::server::{door, service::site};
    let (state, me) = door::signed_in().await?;
    site::check_username(&state, &me, &username).await
}

/// Changes the username: the old address stops working at once.
#[server(endpoint = "username/change")]
pub async fn change_username(username: String) -> Result<String, AppError> {
    use crate::server::{door, service::site};
    let (state, me) = door::signed_in().await?;
    site::change_username(&state, &me, &username).await
}

/// Changes the style, saved at once.
#[server(endpoint = "style")]
pub async fn set_style(style: SiteStyle) -> Result<SiteStyle, AppError> {
    use crate::server::{door, service::site};
    let (state, me) = door::signed_in().await?;
    site::set_style(&state, &me, style).await
}

/// Removes the photo (and the saved résumé's `imageUrl` when it points at it). Uploading one is
/// `POST /api/photo` (in the `vitae` crate): a file is sent as the raw body.
#[server(endpoint = "photo/remove")]
pub async fn remove_photo() -> Result<(), AppError> {
    use crate::server::{door, service::photo};
    let (state, me) = door::signed_in().await?;
    photo::remove_photo(&state, &me).await
}

/// Changes the accent colour, saved at once.
#[server(endpoint = "accent")]
pub async fn set_accent(accent: Accent) -> Result<Accent, AppError> {
    use crate::server::{door, service::site};
    let (state, me) = door::signed_in().await?;
    site::set_accent(&state, &me, accent).await
}

/// Publishes (`live = true`) or unpublishes the site (publishing needs a saved résumé).
#[server(endpoint = "publish")]
pub async fn set_published(live: bool) -> Result<bool, AppError> {
    use crate::server::{door, service::site};
    let (state, me) = door::signed_in().await?;
    site::set_published(&state, &me, live).await
}
