//! Signing in, up and out; who is signed in; the dashboard's data; deleting the account.

use leptos::prelude::*;

use crate::{
    error::AppError,
    wire::{DashboardData, SessionInfo},
};

/// The sign-in mode and the signed-in person, if any.
#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    use crate::server::{door, service::account};
    let (state, me) = door::maybe_signed_in().await?;
    Ok(account::session(&state, me.as_ref()))
}

/// Signs in with a built-in account, sets the session cookie and goes to `return_to` (a local
/// path; the dashboard otherwise).
#[server(endpoint = "sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    return_to: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{door, service::account};
    let state = door::state()?;
    let token = account::sign_in(&state, &email, &password, door::client_ip(&state)).await?;
    door::set_session_cookie(&state, token.expose(), account::SESSION_MAX_AGE_SECS);
    leptos_axum::redirect(&crate::return_path::safe_return_path(return_to.as_deref()));
    Ok(())
}

/// Creates a built-in account, its `users` row and a session, then goes to the dashboard.
#[server(endpoint = "sign-up")]
pub async fn sign_up(email: String, password: String) -> Result<(), AppError> {
    use crate::server::{door, service::account};
    let state = door::state()?;
    let token = account::sign_up(&state, &email, &password, door::client_ip(&state)).await?;
    door::set_session_cookie(&state, token.expose(), account::SESSION_MAX_AGE_SECS);
    leptos_axum::redirect("/dashboard");
    Ok(())
}

/// Ends the session (built-in accounts: deletes it; both: clears the cookie) and goes home.
/// With Clerk, the browser has already called `Clerk.signOut()` (see `session::ClerkScripts`).
#[server(endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::{auth::session_token, door, service::account};
    let state = door::state()?;
    let token = session_token(&door::request()?.headers);
    account::sign_out(&state, token.as_ref()).await?;
    door::set_session_cookie(&state, "", 0);
    // The landing page says so (`home::SignedOutNotice`), so signing out does not look like
    // nothing happened.
    leptos_axum::redirect("/?signed-out");
    Ok(())
}

/// The signed-in person's dashboard.
#[server(endpoint = "dashboard")]
pub async fn get_dashboard() -> Result<DashboardData, AppError> {
    use crate::server::{door, service::account};
    let (state, me) = door::signed_in().await?;
    account::dashboard(&state, &me)
}

/// Deletes everything: the row (résumé, site, username) and, for a built-in account, the
/// account and all of its sessions. `confirm` must be the username, as typed by the person.
#[server(endpoint = "account/delete")]
pub async fn delete_account(confirm: String) -> Result<(), AppError> {
    use crate::server::{door, service::account};
    let (state, me) = door::signed_in().await?;
    account::delete_account(&state, &me, &confirm).await?;
    door::set_session_cookie(&state, "", 0);
    Ok(())
}
