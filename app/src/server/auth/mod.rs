//! Who is making this request? Two providers answer (`AUTH_PROVIDER`): built-in accounts
//! ([`local`]) and Clerk ([`clerk`]); everything after that is shared: the person's `users` row is
//! found or created ([`sync`]) and handed to handlers as an [`AuthUser`] / [`MaybeAuthUser`].
//!
//! - The session arrives in the `__session` cookie (ours for local accounts, Clerk's for Clerk)
//!   or an `Authorization: Bearer` header.
//! - The subject comes only from a verified session, never from a request body.
//! - The extractors take the provider and the store from the router's state (`FromRef`), the
//!   one channel for state: routes extract them, and server functions run them on their request
//!   with the state Leptos was given (`server::door`).

pub mod clerk;
pub mod local;
pub mod rate_limit;
pub mod sync;

use std::sync::Arc;

use axum::extract::{FromRef, FromRequestParts};
use http::{header, request::Parts, HeaderMap};

use self::{clerk::ClerkAuth, local::LocalAuth};
use super::{
    config::{AuthConfig, Secret},
    store::{AccountStore, PeopleStore, Stores, UserRow},
};
use crate::error::AppError;

/// The cookie that carries the session, for both providers (Clerk sets it itself).
pub const SESSION_COOKIE: &str = "__session";

/// The configured provider (`AUTH_PROVIDER`).
#[derive(Debug)]
pub enum AuthProvider {
    Local(LocalAuth),
    Clerk(Box<ClerkAuth>),
}

impl AuthProvider {
    /// The provider for `config` (for Clerk: an HTTP client for its JWKS and Backend API).
    /// Built-in accounts count sign-in attempts in `counters`.
    pub fn from_config(
        config: &AuthConfig,
        counters: crate::server::counters::Counters,
    ) -> Result<Self, String> {
        Ok(match config {
            AuthConfig::Local => Self::Local(LocalAuth::new(counters)),
            AuthConfig::Clerk(clerk) => Self::Clerk(Box::new(
                ClerkAuth::new((**clerk).clone()).map_err(|e| e.to_string())?,
            )),
        })
    }

    /// The verified subject of the session in `headers`, and the email the session itself
    /// vouches for (Clerk tokens may carry one), or `None` for an anonymous request.
    pub async fn identify(
        &self,
        store: &dyn AccountStore,
        headers: &HeaderMap,
    ) -> Result<Option<(String, Option<String>)>, AppError> {
        let Some(token) = session_token(headers) else {
            return Ok(None);
        };
        match self {
            Self::Local(local) => Ok(local
                .session_subject(store, token.expose())
                .await?
                .map(|subject| (subject, None))),
            Self::Clerk(clerk) => Ok(clerk
                .verify(token.expose())
                .await
                .map(|id| (id.subject, id.email))),
        }
    }

    /// The person's row for a verified request: found, or created on their first request.
    /// `None` when a built-in account has no row (the operator deleted it): signing in again
    /// makes a new one.
    pub async fn user(
        &self,
        store: &dyn PeopleStore,
        subject: &str,
        email: Option<String>,
    ) -> Result<Option<UserRow>, AppError> {
        match (self, email) {
            (_, Some(email)) => {
                let email = email.trim().to_lowercase();
                let row = sync::ensure_user(store, subject, || async { Ok(email.clone()) }).await?;
                // The provider vouches for the address now: a change made there (a new primary
                // address in Clerk) reaches the row on the person's next request.
                if row.email != email {
                    tracing::info!("the session's e-mail address changed; updating the row");
                    return Ok(Some(store.set_email(subject, &email).await?));
                }
                Ok(Some(row))
            }
            (Self::Clerk(clerk), None) => {
                sync::ensure_user(store, subject, || clerk.email(subject))
                    .await
                    .map(Some)
            }
            (Self::Local(_), None) => Ok(store.find_by_subject(subject).await?),
        }
    }
}

/// The session token of a request: the `Authorization: Bearer` header, else the `__session`
/// cookie. Oversized or non-ASCII values are not tokens.
pub fn session_token(headers: &HeaderMap) -> Option<Secret> {
    const MAX: usize = clerk::MAX_TOKEN_BYTES;
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let value = value.to_str().ok()?;
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))?
            .trim();
        return (!token.is_empty() && token.len() <= MAX).then(|| Secret::new(token));
    }
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == SESSION_COOKIE)
        .map(|(_, value)| value.trim().trim_matches('"'))
        .filter(|v| !v.is_empty() && v.len() <= MAX)
        .map(Secret::new)
}

/// A `Set-Cookie` value that stores `token` as the session for `max_age_secs` (0 deletes it).
pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{SESSION_COOKIE}={token}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// A signed-in person: their verified subject and their `users` row.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub subject: String,
    pub user: UserRow,
}

/// A signed-in person, or nobody.
#[derive(Debug, Clone)]
pub struct MaybeAuthUser(pub Option<AuthUser>);

/// The resolved identity, kept in the request's extensions so a second extraction (middleware,
/// then a page) does not verify again.
#[derive(Clone)]
struct Resolved(Option<AuthUser>);

impl<S> FromRequestParts<S> for MaybeAuthUser
where
    S: Send + Sync,
    Arc<AuthProvider>: FromRef<S>,
    Stores: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if let Some(Resolved(user)) = parts.extensions.get::<Resolved>() {
            return Ok(Self(user.clone()));
        }
        let auth = Arc::<AuthProvider>::from_ref(state);
        let store = Stores::from_ref(state);
        let user = match auth
            .identify(store.accounts.as_ref(), &parts.headers)
            .await?
        {
            None => None,
            Some((subject, email)) => auth
                .user(store.people.as_ref(), &subject, email)
                .await?
                .map(|user| AuthUser { subject, user }),
        };
        parts.extensions.insert(Resolved(user.clone()));
        Ok(Self(user))
    }
}

impl<S> FromRequestParts<S> for AuthUser
where
    S: Send + Sync,
    Arc<AuthProvider>: FromRef<S>,
    Stores: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        MaybeAuthUser::from_request_parts(parts, state)
            .await?
            .0
            .ok_or(AppError::Unauthenticated)
    }
}
