//! The public site's settings: its address (the username), its style, and whether it is live.
//! Every function acts on the signed-in person's own row only.

use crate::{
    error::AppError,
    server::{auth::AuthUser, state::AppState},
    site::{accent::Accent, SiteStyle},
    username::Username,
    wire::UsernameCheck,
};

/// Whether `username` is free for `me`. Rate-limited per person: it runs as they type. The
/// answer is advice; [`change_username`] decides, race-safely.
pub async fn check_username(
    state: &AppState,
    me: &AuthUser,
    username: &str,
) -> Result<UsernameCheck, AppError> {
    if !state.username_checks.hit(&me.subject).await? {
        return Err(AppError::SlowDown);
    }
    let answer = |available: bool, message: String| UsernameCheck {
        username: username.to_string(),
        available,
        message,
    };
    if let Err(e) = Username::parse(username) {
        return Ok(answer(false, e.to_string()));
    }
    if username.eq_ignore_ascii_case(&me.user.username) {
        return Ok(answer(true, "This is your address now.".into()));
    }
    // Other people's rows are out of the person's reach (row-level security), so the check runs
    // as the server; it answers only "taken or not".
    let taken = state
        .store
        .admin
        .admin_find_by_username(username)
        .await?
        .is_some();
    Ok(if taken {
        answer(false, "That username is taken.".into())
    } else {
        answer(true, "Available.".into())
    })
}

/// Changes the username: the old address stops working at once. Two people claiming one name
/// at once: the database lets one win and the other is told it is taken.
pub async fn change_username(
    state: &AppState,
    me: &AuthUser,
    username: &str,
) -> Result<String, AppError> {
    // A change answers "taken" like a check does: the same allowance, or changes would
    // enumerate the names that checks may not.
    if !state.username_checks.hit(&me.subject).await? {
        return Err(AppError::SlowDown);
    }
    let name =
        Username::parse(username).map_err(|e| AppError::invalid("username", e.to_string()))?;
    let row = state
        .store
        .people
        .set_username(&me.subject, name.as_str())
        .await?;
    Ok(row.username)
}

/// Changes the style, saved at once.
pub async fn set_style(
    state: &AppState,
    me: &AuthUser,
    style: SiteStyle,
) -> Result<SiteStyle, AppError> {
    let row = state.store.people.set_style(&me.subject, style).await?;
    Ok(row.style)
}

/// Changes the accent colour, saved at once.
pub async fn set_accent(
    state: &AppState,
    me: &AuthUser,
    accent: Accent,
) -> Result<Accent, AppError> {
    let row = state.store.people.set_accent(&me.subject, accent).await?;
    Ok(row.accent)
}

/// Publishes (`live = true`) or unpublishes the site. Unpublishing hides it and keeps the
/// résumé. Publishing needs a saved résumé.
pub async fn set_published(state: &AppState, me: &AuthUser, live: bool) -> Result<bool, AppError> {
    // A résumé that does not read is not published: the page would have nothing to show.
    if live {
        let Some(saved) = me.user.resume.as_ref().map_err(Clone::clone)? else {
            return Err(AppError::invalid(
                "publish",
                "Save your résumé first: there is nothing to publish yet.",
            ));
        };
        // The same rule the dashboard checks before it offers Publish.
        resume::validate_for_publishing(saved).map_err(AppError::InvalidFields)?;
    }
    let row = state.store.people.set_live(&me.subject, live).await?;
    Ok(row.is_live)
}
