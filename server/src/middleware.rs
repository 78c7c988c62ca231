//! Middleware applied to every request.

use std::{sync::Arc, time::Instant};

use app::server::{auth::MaybeAuthUser, state::AppState};
use axum::{
    extract::{FromRequestParts, Request, State},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::{header, HeaderValue, Method, StatusCode};

/// One log line per request: method, path, status, latency. The query string is left out: it can
/// carry tokens.
pub async fn log_request(request: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let latency_ms = start.elapsed().as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::warn!(%method, %path, status, latency_ms, "request");
    } else {
        tracing::info!(%method, %path, status, latency_ms, "request");
    }
    response
}

/// Cache headers for `/pkg`. With `hash-files` the names carry a content hash: a new build has new
/// names, so browsers may keep a file for a year without asking again. Without hashed names a
/// cached file could outlive the build that made it, so browsers revalidate.
pub async fn pkg_cache_control(
    State(hashed_names): State<bool>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    if response.status().is_success() {
        let value = if hashed_names {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Pages only a signed-in person may see: `/dashboard` and everything under it.
fn is_protected(path: &str) -> bool {
    path == "/dashboard" || path.starts_with("/dashboard/")
}

/// Sends an anonymous visitor of a protected page to `/sign-in` (303), with the page as the
/// return address. The return address is this request's own path, so it is always local (and the
/// sign-in form checks it again).
pub async fn require_sign_in(request: Request, next: Next) -> Response {
    if !is_protected(request.uri().path()) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    match MaybeAuthUser::from_request_parts(&mut parts, &()).await {
        Ok(MaybeAuthUser(Some(_))) => next.run(Request::from_parts(parts, body)).await,
        Ok(MaybeAuthUser(None)) => {
            let back = parts
                .uri
                .path_and_query()
                .map(|p| p.as_str())
                .unwrap_or("/dashboard");
            let encoded: String = url_encode(back);
            Redirect::to(&format!("/sign-in?return_to={encoded}")).into_response()
        }
        Err(e) => e.into_response(),
    }
}

/// Percent-encodes everything but unreserved characters and `/`.
fn url_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// CSRF defence on top of `SameSite=Lax`: a request that changes something (anything but
/// GET/HEAD/OPTIONS) and carries an `Origin` from another site is refused with 403. Our own
/// origin is the `Host` the request was sent to, or `PUBLIC_BASE_URL` (behind a proxy that
/// rewrites `Host`). Requests without `Origin` (curl, old browsers on same-origin posts) pass:
/// a browser always sends it on a cross-site POST.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let Some(origin) = request.headers().get(header::ORIGIN) else {
        return next.run(request).await;
    };
    let origin = origin.to_str().unwrap_or("null");
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    let public = request
        .extensions()
        .get::<Arc<AppState>>()
        .map(|s| s.config.public_base_url.clone());
    let same_site = authority.is_some_and(|a| Some(a) == host)
        || public.is_some_and(|p| p.eq_ignore_ascii_case(origin));
    if same_site {
        next.run(request).await
    } else {
        tracing::info!(origin, "cross-site request refused");
        (
            StatusCode::FORBIDDEN,
            "Cross-site requests are not allowed.",
        )
            .into_response()
    }
}

/// Server functions read their whole body before decoding it, and a body over the limit would
/// surface as a decoding failure (a 500). Reading it here first, up to `limit`, answers 413 with
/// a sentence instead — whether or not the client declared a `Content-Length`. Applies to
/// `/api/…` except the upload, which streams under its own limit.
pub async fn limit_server_fn_body(
    State(limit): State<usize>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path();
    if !path.starts_with("/api/") || path == "/api/upload" {
        return next.run(request).await;
    }
    let too_large = || {
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            "This request is too large. Shorten the longest texts and try again.",
        )
            .into_response()
    };
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    match axum::body::to_bytes(body, limit).await {
        Ok(bytes) => next.run(Request::from_parts(parts, bytes.into())).await,
        Err(_) => too_large(),
    }
}
