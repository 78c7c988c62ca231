//! Middleware applied to every request.

use std::time::Instant;

use axum::{
    extract::{Request, State},
    middleware::Next,
    response::Response,
};
use http::{header, HeaderValue};

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
