//! Middleware applied to every request.

use std::{sync::Arc, time::Duration};

use crate::routes::public::csp_hash;
use app::{
    error::AppError,
    server::{
        auth::MaybeAuthUser,
        config::{AuthConfig, Config},
        state::AppState,
    },
};
use axum::{
    extract::{FromRequestParts, Request, State},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use http::{header, HeaderMap, HeaderValue, Method};
use leptos::nonce::Nonce;
use tower_http::{
    classify::{ServerErrorsAsFailures, SharedClassifier},
    trace::{MakeSpan, OnResponse, TraceLayer},
};

/// One span and one log line per request: method, path, status, latency. The span opens when
/// the request arrives, so everything the request logs (store, auth, parse spans) nests under it;
/// the line is written when the response is ready. The query string is left out: it can carry
/// tokens.
pub fn trace_requests(
) -> TraceLayer<SharedClassifier<ServerErrorsAsFailures>, RequestSpan, (), ResponseLine, (), (), ()>
{
    TraceLayer::new_for_http()
        .make_span_with(RequestSpan)
        .on_request(())
        .on_response(ResponseLine)
        .on_body_chunk(())
        .on_eos(())
        // A 5xx is already a warning in the response line: one line per request.
        .on_failure(())
}

/// The request's span: its method and path (never the query string).
#[derive(Clone, Copy, Debug)]
pub struct RequestSpan;

impl<B> MakeSpan<B> for RequestSpan {
    fn make_span(&mut self, request: &http::Request<B>) -> tracing::Span {
        tracing::info_span!("request", method = %request.method(), path = %request.uri().path())
    }
}

/// The request's line, inside its span: the status and the latency, a warning for a 5xx.
#[derive(Clone, Copy, Debug)]
pub struct ResponseLine;

impl<B> OnResponse<B> for ResponseLine {
    fn on_response(self, response: &http::Response<B>, latency: Duration, _span: &tracing::Span) {
        let status = response.status().as_u16();
        let latency_ms = latency.as_secs_f64() * 1000.0;
        // Method and path are the span's fields, printed with every line inside it.
        if status >= 500 {
            tracing::warn!(status, latency_ms, "request");
        } else {
            tracing::info!(status, latency_ms, "request");
        }
    }
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
pub async fn require_sign_in(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if !is_protected(request.uri().path()) {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    match MaybeAuthUser::from_request_parts(&mut parts, state.as_ref()).await {
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
///
/// A form posted without JavaScript is sent back to its `Referer` (Leptos's redirect after a
/// server function), so a foreign `Referer` is dropped here: the redirect then goes to `/`,
/// never to another site.
pub async fn refuse_cross_site(
    State(state): State<Arc<AppState>>,
    mut request: Request,
    next: Next,
) -> Response {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) {
        return next.run(request).await;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    let public = state.config.public_base_url.as_str();
    let ours = |origin: &str| is_own_origin(origin, host.as_deref(), Some(public));
    let foreign_referer = request
        .headers()
        .get(header::REFERER)
        .is_some_and(|r| !r.to_str().is_ok_and(|r| ours(origin_of(r))));
    if foreign_referer {
        request.headers_mut().remove(header::REFERER);
    }
    let Some(origin) = request.headers().get(header::ORIGIN) else {
        return next.run(request).await;
    };
    let origin = origin.to_str().unwrap_or("null");
    if ours(origin) {
        next.run(request).await
    } else {
        tracing::info!(origin, "cross-site request refused");
        AppError::CrossSite.into_response()
    }
}

/// Whether `origin` (`scheme://authority`) is ours: the `Host` the request was sent to, or
/// `PUBLIC_BASE_URL`.
fn is_own_origin(origin: &str, host: Option<&str>, public: Option<&str>) -> bool {
    let authority = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    authority.is_some_and(|a| Some(a) == host)
        || public.is_some_and(|p| p.eq_ignore_ascii_case(origin))
}

/// The `scheme://authority` a URL starts with (all of it when it has no path).
fn origin_of(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    let end = url[after_scheme..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| after_scheme + i);
    &url[..end]
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
    let too_large = || AppError::RequestTooLarge.into_response();
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

/// The security headers of every response, and the Content-Security-Policy of the app's pages.
#[derive(Clone, Debug)]
pub struct SecurityHeaders {
    /// The app pages' policy after the nonce ([`CSP_BEFORE_NONCE`] comes first).
    csp_after_nonce: String,
    /// `PUBLIC_BASE_URL` is https: browsers are told to come back over https only.
    hsts: bool,
}

/// The app pages' policy up to the request's nonce.
const CSP_BEFORE_NONCE: &str = "default-src 'self'; script-src 'self' 'nonce-";

impl SecurityHeaders {
    /// The policy for this configuration. What app pages need: their own scripts, the wasm
    /// (`'wasm-unsafe-eval'` compiles it), inline scripts only with the request's nonce, the
    /// stylesheet, and the site's stylesheet inline in the dashboard's preview frame (a `srcdoc`
    /// frame is governed by this page's policy); avatars from any https address (the preview
    /// shows the person's photo); calls to our own origin. With Clerk, its frontend API (script,
    /// calls), its bot check (script, frame), its workers and its CSS-in-JS (inline styles, so
    /// the site stylesheet's hash must go: a hash would switch `'unsafe-inline'` off).
    pub fn new(config: &Config) -> Self {
        // Beside `'self'`, the nonce and `'wasm-unsafe-eval'`.
        let mut script: Vec<String> = Vec::new();
        let mut style = vec!["'self'".to_string()];
        let mut connect = vec!["'self'".to_string()];
        let mut frame = vec!["'none'".to_string()];
        let mut worker = vec!["'none'".to_string()];
        match &config.auth {
            // The preview frame's site stylesheet, and the app's own, inlined on pages without
            // wasm.
            AuthConfig::Local => {
                style.extend([csp_hash(app::site::SITE_CSS), csp_hash(app::APP_CSS)]);
            }
            AuthConfig::Clerk(clerk) => {
                // Validated as a host name when the configuration was read.
                let fapi = format!("https://{}", clerk.frontend_api);
                const BOT_CHECK: &str = "https://challenges.cloudflare.com";
                script.extend([fapi.clone(), BOT_CHECK.to_string()]);
                style.push("'unsafe-inline'".to_string());
                connect.push(fapi);
                frame = vec!["'self'".to_string(), BOT_CHECK.to_string()];
                worker = vec!["'self'".to_string(), "blob:".to_string()];
            }
        }
        // `cargo leptos watch` injects a script that reloads the page through a websocket on
        // another port (Leptos's AutoReload, under the same condition).
        if std::env::var_os("LEPTOS_WATCH").is_some() {
            connect.extend(["ws:".to_string(), "wss:".to_string()]);
        }
        let csp_after_nonce = format!(
            "' 'wasm-unsafe-eval'{extra_script}; style-src {style}; img-src 'self' https:; \
             connect-src {connect}; frame-src {frame}; worker-src {worker}; object-src 'none'; \
             base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            extra_script = script.iter().map(|s| format!(" {s}")).collect::<String>(),
            style = style.join(" "),
            connect = connect.join(" "),
            frame = frame.join(" "),
            worker = worker.join(" "),
        );
        Self {
            csp_after_nonce,
            hsts: config.public_base_url.starts_with("https://"),
        }
    }

    /// The app pages' policy with `nonce`.
    pub fn policy(&self, nonce: &str) -> String {
        format!("{CSP_BEFORE_NONCE}{nonce}{}", self.csp_after_nonce)
    }
}

fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("text/html"))
}

/// Gives the request a fresh CSP nonce (in its extensions, where the shell finds it) and the
/// response its security headers: on an HTML page that has no policy of its own (the public
/// sites have a stricter one) the app's policy with that nonce, and framing forbidden; on every
/// response `nosniff` (nothing of ours may be run as a script or a stylesheet unless it is
/// one), a referrer policy, and HSTS when we are served over https.
pub async fn security_headers(
    State(security): State<Arc<SecurityHeaders>>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if is_html(headers) && !headers.contains_key(header::CONTENT_SECURITY_POLICY) {
        if let Ok(policy) = HeaderValue::from_str(&security.policy(&nonce)) {
            headers.insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    }
    headers
        .entry(header::X_CONTENT_TYPE_OPTIONS)
        .or_insert(HeaderValue::from_static("nosniff"));
    headers
        .entry(header::REFERRER_POLICY)
        .or_insert(HeaderValue::from_static("strict-origin-when-cross-origin"));
    if security.hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// What a request logs is written inside its span, so the line says which request it was.
    /// (Here rather than in an HTTP test: a subscriber scoped to one test's thread races with
    /// other tests meeting the span first.)
    #[test]
    fn what_a_request_logs_carries_its_method_and_path() {
        use std::sync::Mutex;
        use tower::ServiceExt as _;
        #[derive(Clone, Default)]
        struct Buffer(Arc<Mutex<Vec<u8>>>);
        impl std::io::Write for Buffer {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.lock().unwrap().extend_from_slice(b);
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let logs = Buffer::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let app = axum::Router::new()
            .route(
                "/api/thing",
                axum::routing::post(|| async {
                    tracing::info!("inside the handler");
                }),
            )
            .layer(trace_requests());
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        tracing::subscriber::with_default(subscriber, || {
            runtime.block_on(async {
                let request = Request::builder()
                    .method("POST")
                    .uri("/api/thing?token=secret")
                    .body(axum::body::Body::empty())
                    .unwrap();
                let response = app.oneshot(request).await.unwrap();
                assert_eq!(response.status(), http::StatusCode::OK);
            })
        });
        let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
        let line = logs
            .lines()
            .find(|l| l.contains("inside the handler"))
            .unwrap_or_else(|| panic!("{logs}"));
        assert!(
            line.contains("request{method=POST path=/api/thing}"),
            "{line}"
        );
        assert!(
            logs.contains("status=200"),
            "the request's own line: {logs}"
        );
        assert!(!logs.contains("secret"), "no query string: {logs}");
    }

    #[test]
    fn only_our_own_origin_counts_as_ours() {
        let host = Some("vitae.test:3000");
        let public = Some("https://vitae.example");
        let rows = [
            (
                "http://vitae.test:3000/sign-in?x=1",
                true,
                "the Host we were sent to",
            ),
            ("https://vitae.example/dashboard", true, "PUBLIC_BASE_URL"),
            ("https://vitae.example", true, "an origin with no path"),
            ("https://evil.example/", false, "another site"),
            (
                "https://evil.example/https://vitae.example",
                false,
                "our address in the path",
            ),
            (
                "http://vitae.test:3000@evil.example/",
                false,
                "our host as user info",
            ),
            (
                "https://vitae.example.evil.example/",
                false,
                "our host as a prefix",
            ),
            ("/dashboard", false, "not a URL"),
            ("null", false, "an opaque origin"),
        ];
        for (url, expected, why) in rows {
            assert_eq!(
                is_own_origin(origin_of(url), host, public),
                expected,
                "{why}: {url}"
            );
        }
    }

    fn config(vars: &[(&str, &str)]) -> Config {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(&vars).unwrap()
    }

    #[test]
    fn the_local_policy_allows_inline_style_only_by_hash_and_no_frames_or_workers() {
        let policy = SecurityHeaders::new(&config(&[])).policy("abc");
        assert!(
            policy.starts_with(
                "default-src 'self'; script-src 'self' 'nonce-abc' 'wasm-unsafe-eval'; "
            ),
            "{policy}"
        );
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.contains(&format!(
            "style-src 'self' {} {};",
            csp_hash(app::site::SITE_CSS),
            csp_hash(app::APP_CSS)
        )));
        assert!(
            policy.contains("frame-src 'none'; worker-src 'none'"),
            "{policy}"
        );
        assert!(policy.ends_with("frame-ancestors 'none'"), "{policy}");
    }

    #[test]
    fn the_clerk_policy_allows_its_frontend_api_and_nothing_inline_for_scripts() {
        use base64::Engine as _;
        let key = format!(
            "pk_test_{}",
            base64::engine::general_purpose::STANDARD.encode("clerk.vitae.example$")
        );
        let policy = SecurityHeaders::new(&config(&[
            ("AUTH_PROVIDER", "clerk"),
            ("CLERK_PUBLISHABLE_KEY", &key),
            ("CLERK_SECRET_KEY", "sk_test_0123456789"),
        ]))
        .policy("abc");
        let directive = |name: &str| {
            policy
                .split("; ")
                .find(|d| d.starts_with(&format!("{name} ")))
                .unwrap_or_else(|| panic!("{name} in {policy}"))
                .to_string()
        };
        assert_eq!(
            directive("script-src"),
            "script-src 'self' 'nonce-abc' 'wasm-unsafe-eval' https://clerk.vitae.example https://challenges.cloudflare.com"
        );
        assert_eq!(
            directive("connect-src"),
            "connect-src 'self' https://clerk.vitae.example"
        );
        assert_eq!(directive("style-src"), "style-src 'self' 'unsafe-inline'");
        assert_eq!(directive("worker-src"), "worker-src 'self' blob:");
        assert_eq!(
            directive("frame-src"),
            "frame-src 'self' https://challenges.cloudflare.com"
        );
    }
}
