//! What every server function does before it calls its service: find the app's state and the
//! person making the request, the one way both are reached. A server function is a door: it
//! gets these here, calls a plain function in [`super::service`] and returns its `Result`; the
//! error's status is set where the error is encoded ([`crate::error`]), so a plain `?` is right.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use leptos::prelude::use_context;

use super::{
    auth::{session_cookie, AuthUser, MaybeAuthUser},
    state::AppState,
};
use crate::error::AppError;

/// The app's state, as the router gave it to Leptos.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("a server function ran without the app's state");
        AppError::Internal
    })
}

/// The request the server function is answering.
pub fn request() -> Result<http::request::Parts, AppError> {
    use_context::<http::request::Parts>().ok_or_else(|| {
        tracing::error!("a server function ran without its request");
        AppError::Internal
    })
}

/// The state and the person making the request, if signed in. Through the same extractor as
/// the routes, called on the request's parts directly (`leptos_axum::extract` would turn every
/// rejection into one opaque error), so a database outage stays a 503.
pub async fn maybe_signed_in() -> Result<(AppState, Option<AuthUser>), AppError> {
    let state = state()?;
    let mut parts = request()?;
    let MaybeAuthUser(me) = MaybeAuthUser::from_request_parts(&mut parts, &state).await?;
    Ok((state, me))
}

/// The state and the signed-in person, or [`AppError::Unauthenticated`].
pub async fn signed_in() -> Result<(AppState, AuthUser), AppError> {
    let (state, me) = maybe_signed_in().await?;
    Ok((state, me.ok_or(AppError::Unauthenticated)?))
}

/// The client's address (for the sign-in and sign-up limits): the socket's peer, or what a
/// proxy in `TRUSTED_PROXIES` says it forwarded for (see [`super::client_addr`]).
pub fn client_ip(state: &AppState) -> Option<IpAddr> {
    use_context::<http::request::Parts>().and_then(|p| {
        let peer = p.extensions.get::<ConnectInfo<SocketAddr>>()?.0.ip();
        Some(super::client_addr::client_addr(
            peer,
            &p.headers,
            &state.config.trusted_proxies,
        ))
    })
}

/// Sets (or, with `max_age_secs` 0, deletes) the session cookie on the response.
pub fn set_session_cookie(state: &AppState, token: &str, max_age_secs: i64) {
    let cookie = session_cookie(token, max_age_secs, state.config.secure_cookies());
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookie),
    ) {
        res.append_header(http::header::SET_COOKIE, value);
    }
}
