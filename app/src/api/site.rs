//! The site's address (username), style, and whether it is live.

use leptos::{prelude::*, server_fn::codec::Json};
use resume::Resume;

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

/// Makes the picture of the person's sign-in account (with Clerk) their photo, as an upload
/// would; returns its URL.
#[server(endpoint = "photo/account", input = Json)]
pub async fn use_account_picture() -> Result<String, AppError> {
    use crate::server::{door, service::photo};
    let (state, me) = door::signed_in().await?;
    photo::use_account_picture(&state, &me).await
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

/// The draft drawn as the site, for the dashboard's preview: the public page's own rendering, so
/// the preview cannot drift from it and the browser bundle carries no copy of it. The draft need
/// not be valid yet (it is being typed); nothing is stored.
#[server(endpoint = "preview", input = Json)]
pub async fn render_preview(
    resume: Resume,
    style: SiteStyle,
    accent: Accent,
) -> Result<String, AppError> {
    crate::server::door::signed_in().await?;
    Ok(crate::site::preview_html(resume, style, accent))
}
