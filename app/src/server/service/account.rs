//! Accounts: who is signed in, signing in, up and out, the dashboard's view of a person, and
//! deleting everything.

use std::net::IpAddr;

use crate::{
    error::AppError,
    server::{
        auth::{local::SESSION_DAYS, sync, AuthProvider, AuthUser},
        config::{AuthConfig, Secret},
        state::AppState,
        store::StoreError,
    },
    wire::{DashboardData, Me, SessionInfo, SignInMode},
};

/// How long a built-in session lasts, for its cookie.
pub const SESSION_MAX_AGE_SECS: i64 = SESSION_DAYS * 24 * 3600;

/// The sign-in mode and the signed-in person, if any.
pub fn session(state: &AppState, me: Option<&AuthUser>) -> SessionInfo {
    let mode = match &state.config.auth {
        AuthConfig::Local => SignInMode::Local,
        AuthConfig::Clerk(c) => SignInMode::Clerk {
            publishable_key: c.publishable_key.clone(),
            frontend_api: c.frontend_api.clone(),
        },
    };
    let me = me.map(|u| Me {
        email: u.user.email.clone(),
        username: u.user.username.clone(),
    });
    SessionInfo { mode, me }
}

/// Signs in with a built-in account: a new session token. With Clerk there is no such thing
/// here (404): Clerk's own widget signs people in.
pub async fn sign_in(
    state: &AppState,
    email: &str,
    password: &str,
    ip: Option<IpAddr>,
) -> Result<Secret, AppError> {
    let AuthProvider::Local(local) = state.auth.as_ref() else {
        return Err(AppError::NotFound);
    };
    local.sign_in(&state.store, email, password, ip).await
}

/// Creates a built-in account, its `users` row and a session: the new session token.
pub async fn sign_up(
    state: &AppState,
    email: &str,
    password: &str,
    ip: Option<IpAddr>,
) -> Result<Secret, AppError> {
    let AuthProvider::Local(local) = state.auth.as_ref() else {
        return Err(AppError::NotFound);
    };
    let (account, token) = local
        .sign_up(state.store.accounts.as_ref(), email, password, ip)
        .await?;
    let email = account.email.clone();
    sync::ensure_user(state.store.people.as_ref(), &account.subject, || async {
        Ok(email)
    })
    .await?;
    Ok(token)
}

/// Ends a built-in session (`token`, if the request carried one). With Clerk the browser has
/// already signed out at Clerk; there is nothing to end here.
pub async fn sign_out(state: &AppState, token: Option<&Secret>) -> Result<(), AppError> {
    if let (AuthProvider::Local(local), Some(token)) = (state.auth.as_ref(), token) {
        local
            .sign_out(state.store.accounts.as_ref(), token.expose())
            .await?;
    }
    Ok(())
}

/// Everything the dashboard shows about `me`.
pub fn dashboard(state: &AppState, me: &AuthUser) -> Result<DashboardData, AppError> {
    let user = &me.user;
    // Never shown as empty when it does not read: the editor would then save over what is stored.
    let resume = user.resume.clone()?;
    Ok(DashboardData {
        email: user.email.clone(),
        username: user.username.clone(),
        base_url: state.config.public_base_url.clone(),
        resume,
        style: user.style,
        accent: user.accent,
        is_live: user.is_live,
        updated_at: user.updated_at.to_rfc3339(),
        max_upload_bytes: state.config.max_upload_bytes,
        owns_account: matches!(state.auth.as_ref(), AuthProvider::Local(_)),
    })
}

/// Deletes everything: the row (résumé, site, username) and, for a built-in account, the
/// account and all of its sessions. `confirm` must be the username, as typed by the person.
pub async fn delete_account(
    state: &AppState,
    me: &AuthUser,
    confirm: &str,
) -> Result<(), AppError> {
    if confirm.trim() != me.user.username {
        return Err(AppError::invalid(
            "confirm",
            format!("Type your username ({}) to confirm.", me.user.username),
        ));
    }
    // The row first: the site is gone the moment this succeeds, whatever happens next.
    match state.store.people.delete_user(&me.subject).await {
        Ok(()) | Err(StoreError::NotFound) => {}
        Err(e) => return Err(e.into()),
    }
    if matches!(state.auth.as_ref(), AuthProvider::Local(_)) {
        state.store.accounts.delete_account(&me.subject).await?;
    }
    Ok(())
}
