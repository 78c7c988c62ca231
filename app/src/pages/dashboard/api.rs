//! What the dashboard reads and changes: its shared types and its server functions.
//!
//! The upload is not here: it is a plain HTTP endpoint (`POST /api/upload`,
//! `server/src/routes/upload.rs`) so the browser can show progress and cancel, and the server can
//! cut the body off as it streams. Its response types are, so both sides agree on them.
//!
//! Every function acts on the signed-in person's own row only: the subject comes from the verified
//! session, never from the request.

use leptos::{prelude::*, server_fn::codec::Json};
use resume::{FieldError, Resume};
use serde::{Deserialize, Serialize};

use crate::{error::AppError, site::SiteStyle};

/// Everything the dashboard shows about the signed-in person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardData {
    pub email: String,
    pub username: String,
    /// Where sites live, without a trailing slash (`PUBLIC_BASE_URL`): the site is
    /// `{base_url}/{username}`.
    pub base_url: String,
    /// The saved résumé; `None` until the first save.
    pub resume: Option<Resume>,
    pub style: SiteStyle,
    pub is_live: bool,
    /// When the row last changed (RFC 3339).
    pub updated_at: String,
    /// The largest upload the server accepts (`MAX_UPLOAD_BYTES`), checked before sending.
    pub max_upload_bytes: u64,
    /// Built-in accounts: deleting the account removes the sign-in too (with Clerk, the Clerk
    /// account is managed at Clerk).
    pub owns_account: bool,
}

impl DashboardData {
    /// The full address of the site.
    pub fn site_url(&self) -> String {
        site_url(&self.base_url, &self.username)
    }
}

/// `{base_url}/{username}`.
pub fn site_url(base_url: &str, username: &str) -> String {
    format!("{}/{username}", base_url.trim_end_matches('/'))
}

/// The answer to a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub updated_at: String,
    /// Whether the saved résumé is on a live site now (then the site shows it already).
    pub is_live: bool,
}

/// The answer to "may I have this username?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsernameCheck {
    /// The name checked.
    pub username: String,
    pub available: bool,
    /// Why not, or a word of confirmation.
    pub message: String,
}

/// Which reader produced an uploaded résumé.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResumeSource {
    /// The built-in parser read the PDF.
    Heuristic,
    /// The AI parser read the PDF.
    Llm,
    /// The AI step failed; the built-in parser's result (the notice says why).
    Fallback,
    /// A JSON file: a JSON Resume, or a résumé exported from Vitae or Wrkks.
    Json,
}

/// `POST /api/upload`, 200: the résumé read from the file, not saved yet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadedResume {
    pub resume: Resume,
    /// A sentence to show, e.g. that the AI step failed and the built-in parser was used.
    pub notice: Option<String>,
    pub source: ResumeSource,
}

/// `POST /api/upload`, any error status: one sentence the person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadErrorBody {
    pub error: String,
}

/// The signed-in person's dashboard.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<DashboardData, AppError> {
    use crate::server::{auth, state::AppState};
    let state = expect_context::<AppState>();
    let me = auth::require_user().await?;
    dashboard_data(&state, me.user).map_err(AppError::respond)
}

/// Saves the résumé after checking it with the same [`resume::validate`] the editor uses. On a
/// live site the change is public as soon as this returns.
#[server(endpoint = "resume/save", input = Json)]
pub async fn save_resume(resume: Resume) -> Result<Saved, AppError> {
    use crate::server::{auth, state::AppState};
    let state = expect_context::<AppState>();
    let me = auth::require_user().await?;
    resume::validate(&resume).map_err(|errors| AppError::InvalidFields(errors).respond())?;
    let value = serde_json::to_value(&resume).map_err(|e| {
        tracing::error!(error = %e, "a résumé did not serialise");
        AppError::Internal.respond()
    })?;
    let row = state
        .store
        .update_resume(&me.subject, &value)
        .await
        .map_err(|e| AppError::from(e).respond())?;
    Ok(Saved {
        updated_at: row.updated_at.to_rfc3339(),
        is_live: row.is_live,
    })
}

/// Whether `username` is free for the signed-in person. Rate-limited per person: it runs as
/// they type. The answer is advice; [`change_username`] decides, race-safely.
#[server(endpoint = "username/check")]
pub async fn check_username(username: String) -> Result<UsernameCheck, AppError> {
    use crate::server::{auth, state::AppState};
    let state = expect_context::<AppState>();
    let me = auth::require_user().await?;
    if !state
        .username_checks
        .hit(&me.subject)
        .await
        .map_err(|e| AppError::from(e).respond())?
    {
        return Err(AppError::SlowDown.respond());
    }
    let answer = |available: bool, message: String| UsernameCheck {
        username: username.clone(),
        available,
        message,
    };
    if let Err(e) = crate::username::Username::parse(&username) {
        return Ok(answer(false, e.to_string()));
    }
    if username.eq_ignore_ascii_case(&me.user.username) {
        return Ok(answer(true, "This is your address now.".into()));
    }
    // Other people's rows are out of the person's reach (row-level security), so the check runs
    // as the server; it answers only "taken or not".
    let taken = state
        .store
        .admin_find_by_username(&username)
        .await
        .map_err(|e| AppError::from(e).respond())?
        .is_some();
    Ok(if taken {
        answer(false, "That username is taken.".into())
    } else {
        answer(true, "Available.".into())
    })
}

/// Changes the username: the old address stops working at once. Two people claiming one name
/// at once: the database lets one win and the other is told it is taken.
#[server(endpoint = "username/change")]
pub async fn change_username(username: String) -> Result<String, AppError> {
    use crate::server::{auth, state::AppState};
    let state = expect_context::<AppState>();
    let me = auth::require_user().await?;
    // A change answers "taken" like a check does: the same allowance, or changes would
    // enumerate the names that checks may not.
    if !state
        .username_checks
        .hit(&me.subject)
        .await
        .map_err(|e| AppError::from(e).respond())?
    {
        return Err(AppError::SlowDown.respond());
    }
    let name = crate::username::Username::parse(&username)
        .map_err(|e| AppError::invalid("username", e.to_string()).respond())?;
    let row = state
        .store
        .set_username(&me.subject, name.as_str())
        .await
        .map_err(|e| AppError::from(e).respond())?;
    Ok(row.username)
}

/// Changes the style, saved at once.
#[server(endpoint = "style")]
pub async fn set_style(style: SiteStyle) -> Result<SiteStyle, AppError> {
    use crate::server::{auth, state::AppState, store::Style};
    let state = expect_context::<AppState>();
    let me = auth::require_user().await?;
    let stored = match style {
        SiteStyle::Simple => Style::Simple,
        SiteStyle::Bento => Style::Bento,
    };
    let row = state
        .store
        .set_style(&me.subject, stored)
        .await
        .map_err(|e| AppError::from(e).respond())?;
    Ok(row.style.into())
}

/// Publishes (`live = true`) or unpublishes the site. Unpublishing hides it and keeps the
/// résumé. Publishing needs a saved résumé.
#[server(endpoint = "publish")]
pub async fn set_published(live: bool) -> Result<bool, AppError> {
    use crate::server::{auth, state::AppState};
    let state = expect_context::<AppState>();
    let me = auth::require_user().await?;
    if live && me.user.resume.is_none() {
        return Err(AppError::invalid(
            "publish",
            "Save your résumé first: there is nothing to publish yet.",
        )
        .respond());
    }
    let row = state
        .store
        .set_live(&me.subject, live)
        .await
        .map_err(|e| AppError::from(e).respond())?;
    Ok(row.is_live)
}

/// Deletes the saved résumé and unpublishes the site; the account and the username stay.
#[server(endpoint = "resume/delete")]
pub async fn delete_resume() -> Result<(), AppError> {
    use crate::server::{auth, state::AppState};
    let state = expect_context::<AppState>();
    let me = auth::require_user().await?;
    state
        .store
        .clear_resume(&me.subject)
        .await
        .map_err(|e| AppError::from(e).respond())?;
    Ok(())
}

/// Deletes everything: the row (résumé, site, username) and, for a built-in account, the
/// account and all of its sessions. `confirm` must be the username, as typed by the person.
#[server(endpoint = "account/delete")]
pub async fn delete_account(confirm: String) -> Result<(), AppError> {
    use crate::server::{
        auth::{self, Auth},
        state::AppState,
    };
    let state = expect_context::<AppState>();
    let me = auth::require_user().await?;
    if confirm.trim() != me.user.username {
        return Err(AppError::invalid(
            "confirm",
            format!("Type your username ({}) to confirm.", me.user.username),
        )
        .respond());
    }
    // The row first: the site is gone the moment this succeeds, whatever happens next.
    match state.store.delete_user(&me.subject).await {
        Ok(()) | Err(crate::server::store::StoreError::NotFound) => {}
        Err(e) => return Err(AppError::from(e).respond()),
    }
    if matches!(state.auth.as_ref(), Auth::Local(_)) {
        state
            .store
            .delete_account(&me.subject)
            .await
            .map_err(|e| AppError::from(e).respond())?;
    }
    crate::session::set_session_cookie("", 0);
    Ok(())
}

/// The dashboard's view of a row.
#[cfg(feature = "ssr")]
fn dashboard_data(
    state: &crate::server::state::AppState,
    user: crate::server::store::UserRow,
) -> Result<DashboardData, AppError> {
    use crate::server::auth::Auth;
    let resume = match user.resume {
        None | Some(serde_json::Value::Null) => None,
        Some(value) => Some(serde_json::from_value::<Resume>(value).map_err(|e| {
            // Never shown as empty: the editor would then overwrite what is stored.
            tracing::error!(error = %e, subject = %user.subject, "a stored résumé does not read");
            AppError::Internal
        })?),
    };
    Ok(DashboardData {
        email: user.email,
        username: user.username,
        base_url: state.config.public_base_url.clone(),
        resume,
        style: user.style.into(),
        is_live: user.is_live,
        updated_at: user.updated_at.to_rfc3339(),
        max_upload_bytes: state.config.max_upload_bytes,
        owns_account: matches!(state.auth.as_ref(), Auth::Local(_)),
    })
}

/// The field errors of a failed save, for the editor to show next to each field.
pub fn field_errors(error: &AppError) -> Vec<FieldError> {
    match error {
        AppError::InvalidFields(errors) => errors.clone(),
        _ => Vec::new(),
    }
}
