//! The public sites: `GET /{username}` (the page), `/{username}/resume.json` (JSON Resume) and
//! `/{username}/og.png` (the link-preview image).
//!
//! The page is the `app::site` components rendered to a string inside this module's own minimal
//! shell: inline CSS and two small inline scripts (theme before first paint; the dark-mode toggle
//! and share button), no wasm and no hydration. It is readable before, and without, any script.
//!
//! Speed comes from a page cache: one rendered page per site, kept with its gzip form, its
//! ETag and (once asked for) its preview image. An entry is served without touching the database
//! only while it is known to be current — see `app::server::site_cache` for how writes anywhere
//! invalidate it — and re-checked with one indexed query otherwise. A site that was unpublished
//! is therefore never served from the cache again.
//!
//! A first path segment that cannot be a username (`favicon.svg`, anything with a dot) is handed
//! to the usual fallback (static files, then the 404 page), so these routes shadow nothing.

mod cache;
mod page;

use std::{
    sync::Arc,
    time::{Instant, SystemTime},
};

use app::{
    server::{service, state::AppState, store::StoreError},
    shell, site,
    upload_rules::own_photo_id,
};
use axum::{
    body::{Body, Bytes},
    extract::{Path, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};

pub use self::page::{csp_hash, page_html};
use self::{
    cache::{Cached, Entry, PageCache, Rendered},
    page::{content_security_policy, render},
};
use crate::og;

/// How long browsers and shared caches may reuse a page, and serve it stale while refetching.
const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=600";

/// The public-site routes, ready to merge into the app's router. They read the [`AppState`]
/// like every route; the rendered pages are theirs alone, so each router has its own cache.
pub fn routes() -> Router<AppState> {
    let cache = Arc::new(PageCache::default());
    let with_cache = move || cache.clone();
    Router::new()
        .route("/{username}", {
            let cache = with_cache();
            get(move |state, name, request| page(state, cache.clone(), name, request))
        })
        .route("/{username}/resume.json", {
            let cache = with_cache();
            get(move |state, name, request| resume_json(state, cache.clone(), name, request))
        })
        .route("/{username}/og.png", {
            let cache = with_cache();
            get(move |state, name, request| og_png(state, cache.clone(), name, request))
        })
}

/// Whether a path segment could be a username: ASCII letters, digits, `-` and `_`. Anything else
/// (a file name with a dot, percent-encoded text) is not ours.
fn is_username_candidate(segment: &str) -> bool {
    (1..=64).contains(&segment.len())
        && segment
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Static files, then the app's 404 page: what the router does for any path it does not know.
async fn fallback(state: &AppState, request: Request) -> Response {
    let uri = request.uri().clone();
    leptos_axum::file_and_error_handler::<AppState, _>(shell)(uri, State(state.clone()), request)
        .await
}

enum Found {
    Site(Arc<Rendered>),
    Missing,
    Unavailable,
    /// Its stored résumé does not read: an error page, never an empty résumé.
    Unreadable,
}

/// The rendered site at `name` (any case): from the cache when nothing has changed it, else from
/// the database. A page unconfirmed for [`app::server::site_cache::MAX_UNCHECKED`]:
/// - while this instance hears changes (LISTEN), is served from the cache while one background
///   check per page asks the database (a backstop for changes that bypassed the trigger;
///   `BACKSTOP_CHECKS_PER_SECOND` in `cache.rs` bounds them), so a request waits for the database
///   only when its site changed;
/// - while it cannot (SQLite, a transaction pooler without `DATABASE_DIRECT_URL`, the listening
///   connection lost), is checked **before** it is served — by one request, the others waiting for
///   its answer — so an unpublished page is never served a second after.
async fn find(app: &AppState, cache: &Arc<PageCache>, name: &str) -> Found {
    let key = name.to_ascii_lowercase();
    let marks = &app.site_marks;
    match cache.lookup(&key, marks) {
        Cached::Current(rendered) => Found::Site(rendered),
        Cached::Aging { check_turn, .. } if !marks.is_listening() => {
            let _turn = check_turn.lock().await;
            // Whoever held the turn before may have checked it already.
            match cache.lookup(&key, marks) {
                Cached::Current(rendered) => Found::Site(rendered),
                _ => check(app, cache, name).await,
            }
        }
        Cached::Aging {
            rendered,
            check_turn,
        } => {
            // Nobody is checking it now, and the budget allows one more: check in the background,
            // holding the turn until the answer is in (a failed check frees it for the next
            // request to try again); meanwhile the page held is served.
            if let Ok(turn) = check_turn.try_lock_owned() {
                if cache.backstop_allows() {
                    let (app, cache, name) = (app.clone(), cache.clone(), name.to_string());
                    tokio::spawn(async move {
                        let _turn = turn;
                        check(&app, &cache, &name).await;
                    });
                }
            }
            Found::Site(rendered)
        }
        Cached::Unknown => check(app, cache, name).await,
    }
}

/// Asks the database for the site at `name` and caches the answer.
async fn check(app: &AppState, cache: &PageCache, name: &str) -> Found {
    let key = name.to_ascii_lowercase();
    // Read the generation before the query: a write that lands during it makes this entry stale.
    let generation = app.site_marks.generation();
    let checked = Instant::now();
    match app.store.people.find_live_by_username(name).await {
        Ok(None) => {
            cache.remove(&key);
            Found::Missing
        }
        Ok(Some(site)) => {
            let held = cache.any(&key);
            let rendered = match &held {
                Some((r, _)) if r.is_for(&site) => r.clone(),
                _ => Arc::new(render(site, &app.config.public_base_url)),
            };
            cache.put(
                key,
                Entry {
                    rendered: rendered.clone(),
                    generation,
                    checked,
                    check_turn: held.map(|(_, turn)| turn).unwrap_or_default(),
                },
            );
            Found::Site(rendered)
        }
        Err(StoreError::Unreadable(e)) => {
            tracing::error!(reason = %e.reason, username = name, "public site: the stored résumé does not read");
            Found::Unreadable
        }
        Err(e) => {
            tracing::error!(error = %e, username = name, "public site: store error");
            Found::Unavailable
        }
    }
}

/// 304 when the request already holds this version.
fn not_modified(headers: &HeaderMap, etag: &HeaderValue, rendered: &Rendered) -> bool {
    if let Some(inm) = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
    {
        let ours = etag.to_str().unwrap_or_default().trim_start_matches("W/");
        return inm
            .split(',')
            .map(|t| t.trim().trim_start_matches("W/"))
            .any(|t| t == ours || t == "*");
    }
    if let Some(since) = headers
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok())
    {
        let modified: SystemTime = rendered.updated_at.into();
        // HTTP dates have whole seconds.
        return modified
            .duration_since(since)
            .map_or(true, |d| d.as_secs() == 0);
    }
    false
}

/// The site to serve, or the response for a segment that is not ours, a missing, unavailable or
/// moved site.
async fn resolve(
    app: &AppState,
    cache: &Arc<PageCache>,
    name: &str,
    suffix: &str,
    request: Request,
) -> Result<Arc<Rendered>, Response> {
    if !is_username_candidate(name) {
        return Err(fallback(app, request).await);
    }
    match find(app, cache, name).await {
        Found::Site(r) if r.username != name => {
            let location = format!("/{}{suffix}", r.username);
            Err((
                StatusCode::MOVED_PERMANENTLY,
                [
                    (header::LOCATION, location),
                    (header::CACHE_CONTROL, "public, max-age=60".to_string()),
                ],
            )
                .into_response())
        }
        Found::Site(r) => Ok(r),
        Found::Missing => Err(fallback(app, request).await),
        Found::Unavailable => Err((
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "5")],
            "This site is briefly unavailable. Please try again in a moment.",
        )
            .into_response()),
        Found::Unreadable => Err((
            StatusCode::INTERNAL_SERVER_ERROR,
            "This site cannot be shown right now: its résumé could not be read.",
        )
            .into_response()),
    }
}

fn common_headers(headers: &mut HeaderMap, rendered: &Rendered, etag: HeaderValue) {
    headers.insert(header::ETAG, etag);
    headers.insert(header::LAST_MODIFIED, rendered.last_modified.clone());
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(CACHE_CONTROL),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

async fn page(
    State(app): State<AppState>,
    cache: Arc<PageCache>,
    Path(name): Path<String>,
    request: Request,
) -> Response {
    let accepts_gzip = request
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|e| e.trim() == "gzip" || e.trim().starts_with("gzip;") && !e.contains("q=0"))
        });
    let conditional = request.headers().clone();
    let rendered = match resolve(&app, &cache, &name, "", request).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let etag = rendered.etag("page");
    let mut response = if not_modified(&conditional, &etag, &rendered) {
        StatusCode::NOT_MODIFIED.into_response()
    } else if accepts_gzip {
        let mut r = Response::new(Body::from(rendered.gzip.clone()));
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        Response::new(Body::from(rendered.html.clone()))
    };
    let headers = response.headers_mut();
    common_headers(headers, &rendered, etag);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        content_security_policy().clone(),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}

async fn resume_json(
    State(app): State<AppState>,
    cache: Arc<PageCache>,
    Path(name): Path<String>,
    request: Request,
) -> Response {
    let conditional = request.headers().clone();
    let rendered = match resolve(&app, &cache, &name, "/resume.json", request).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let etag = rendered.etag("json");
    let mut response = if not_modified(&conditional, &etag, &rendered) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let body =
            serde_json::to_vec_pretty(&resume::json_resume::to_json_resume(&rendered.resume))
                .unwrap_or_else(|_| b"{}".to_vec());
        Response::new(Body::from(body))
    };
    let headers = response.headers_mut();
    common_headers(headers, &rendered, etag);
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    // A public document: other sites may read it.
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

async fn og_png(
    State(app): State<AppState>,
    cache: Arc<PageCache>,
    Path(name): Path<String>,
    request: Request,
) -> Response {
    let conditional = request.headers().clone();
    let rendered = match resolve(&app, &cache, &name, "/og.png", request).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let etag = rendered.etag("og");
    let mut response = if not_modified(&conditional, &etag, &rendered) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let host = app::wire::site_host(&app.config.public_base_url).to_string();
        let r = rendered.clone();
        // The photo is read only when the card is not drawn yet (once per site version).
        let photo = if r.og.get().is_none() {
            match own_photo_id(&app.config.public_base_url, &r.resume.personal_info.image_url) {
                Some(id) => service::photo::find_photo(&app, id)
                    .await
                    .unwrap_or_else(|e| {
                        tracing::warn!(error = %e, "og.png: the photo could not be read; initials instead");
                        None
                    }),
                None => None,
            }
        } else {
            None
        };
        // Rasterising takes milliseconds: off the async threads, once per site version.
        let png = tokio::task::spawn_blocking(move || {
            r.og.get_or_init(|| {
                let name = site::display_name(&r.resume);
                Bytes::from(og::render(&og::Card {
                    name: &name,
                    title: r.resume.personal_info.title.trim(),
                    initials: &site::initials(&name),
                    address: &format!("{host}/{}", r.username),
                    photo: photo.as_deref(),
                }))
            })
            .clone()
        })
        .await;
        match png {
            Ok(png) => Response::new(Body::from(png)),
            Err(e) => {
                tracing::error!(error = %e, "og.png rendering failed");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        }
    };
    let headers = response.headers_mut();
    common_headers(headers, &rendered, etag);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_segments_are_taken_for_usernames() {
        for ok in ["ada", "Ada-Lovelace", "a_b", "x1"] {
            assert!(is_username_candidate(ok), "{ok}");
        }
        for not in ["favicon.svg", "robots.txt", "", "a%20b", "é"] {
            assert!(!is_username_candidate(not), "{not}");
        }
    }
}
