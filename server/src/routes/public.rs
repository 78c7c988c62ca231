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

use std::{
    collections::HashMap,
    io::Write as _,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc, Mutex, OnceLock, RwLock,
    },
    time::{Duration, Instant, SystemTime},
};

use app::{
    server::{site_cache, state::AppState, store::PublicSite},
    shell,
    site::{self, seo, SiteStyle},
};
use axum::{
    body::{Body, Bytes},
    extract::{Path, Request, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    routing::get,
    Router,
};
use chrono::{DateTime, Utc};
use resume::Resume;
use sha2::{Digest, Sha256};

use crate::og;

/// The site stylesheet, inlined into every page: about 1.8 KB gzipped, cheaper than a second
/// request. Keep it small.
use app::site::SITE_CSS;

/// The dark-mode toggle and share button: shown only once this runs, so without JavaScript no
/// button does nothing. The page works without it.
const SITE_JS: &str = "(function(){var d=document.documentElement,b=document.getElementById('theme-toggle');function dark(){var t=d.dataset.theme;return t?t==='dark':matchMedia('(prefers-color-scheme: dark)').matches}function sync(){var k=dark();b.setAttribute('aria-pressed',String(k));b.textContent=k?'Light mode':'Dark mode'}if(b){b.hidden=false;sync();b.addEventListener('click',function(){var t=dark()?'light':'dark';d.dataset.theme=t;try{localStorage.setItem('vitae-theme',t)}catch(e){}sync()})}var s=document.getElementById('share');if(s&&navigator.share){s.hidden=false;s.addEventListener('click',function(){navigator.share({title:document.title,url:location.href}).catch(function(){})})}})();";

/// How long browsers and shared caches may reuse a page, and serve it stale while refetching.
const CACHE_CONTROL: &str = "public, max-age=60, stale-while-revalidate=600";

/// More sites than this in memory and the cache starts over (a crude bound; pages are ~10 KB).
const MAX_ENTRIES: usize = 20_000;

/// `sha256-…` of an inline script or style, for the Content-Security-Policy.
pub(crate) fn csp_hash(text: &str) -> String {
    use base64::Engine as _;
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The policy for public pages: nothing may run or load but our own inline CSS and scripts (by
/// hash), images from https (a photo), and the favicon.
fn content_security_policy() -> &'static HeaderValue {
    static CSP: OnceLock<HeaderValue> = OnceLock::new();
    CSP.get_or_init(|| {
        let policy = format!(
            "default-src 'none'; script-src {} {}; style-src {}; img-src 'self' https: data:; \
             base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
            csp_hash(app::components::theme::THEME_BOOT_SCRIPT),
            csp_hash(SITE_JS),
            csp_hash(SITE_CSS),
        );
        HeaderValue::from_str(&policy).expect("an ASCII header")
    })
}

/// Changes whenever the page shell, CSS or scripts change, so a deploy changes every ETag.
fn render_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        let mut h = Sha256::new();
        for part in [
            env!("CARGO_PKG_VERSION"),
            SITE_CSS,
            SITE_JS,
            app::components::theme::THEME_BOOT_SCRIPT,
        ] {
            h.update(part.as_bytes());
        }
        h.finalize()[..4]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    })
}

/// A site rendered for one version of its row.
struct Rendered {
    username: String,
    updated_at: DateTime<Utc>,
    style: SiteStyle,
    resume: Resume,
    html: Bytes,
    gzip: Bytes,
    last_modified: HeaderValue,
    /// Opaque: `updated_at`, style and [`render_version`].
    tag: String,
    og: OnceLock<Bytes>,
}

impl Rendered {
    fn is_for(&self, site: &PublicSite) -> bool {
        self.username == site.username
            && self.updated_at == site.updated_at
            && self.style == SiteStyle::from(site.style)
    }

    /// The ETag of one representation (`page`, `json`, `og`).
    fn etag(&self, kind: &str) -> HeaderValue {
        HeaderValue::from_str(&format!("W/\"{}-{kind}\"", self.tag)).expect("ASCII")
    }
}

struct Entry {
    rendered: Arc<Rendered>,
    /// [`site_cache::generation`] when the database last confirmed this entry.
    generation: u64,
    checked: Instant,
    /// A background check of this entry is running.
    checking: Arc<AtomicBool>,
}

/// What the cache knows of a site.
enum Cached {
    /// Confirmed less than [`site_cache::MAX_UNCHECKED`] ago, and unchanged since.
    Current(Arc<Rendered>),
    /// No change recorded, but not confirmed for a while: served, and checked in the background.
    Aging(Arc<Rendered>, Arc<AtomicBool>),
    /// Changed (or never seen): only the database can say.
    Unknown,
}

/// Background checks of unchanged pages (the backstop for writes that bypassed the store) ask the
/// database at most this often per process. Each page would otherwise be checked every
/// [`site_cache::MAX_UNCHECKED`]: 800 busy pages made 800 queries a second, which starved saves
/// and the pages that had really changed (bench/load.sh, 2026-11-27). With the budget, a change
/// behind the app's back is seen within a second on a small site, and within about
/// pages ÷ this many seconds on a large one.
const BACKSTOP_CHECKS_PER_SECOND: u32 = 50;

/// Rendered sites by lower-cased username.
#[derive(Default)]
pub struct PageCache {
    entries: RwLock<HashMap<String, Entry>>,
    /// When the next background check may start (a token bucket holding a second's worth).
    next_backstop: Mutex<Option<Instant>>,
}

impl PageCache {
    /// Whether the backstop budget has room for one more background check now (and takes it).
    fn backstop_allows(&self) -> bool {
        let now = Instant::now();
        let burst = Duration::from_secs(1);
        let mut next = self.next_backstop.lock().unwrap_or_else(|e| e.into_inner());
        let earliest = now.checked_sub(burst).unwrap_or(now);
        let slot = next.map_or(earliest, |n| n.max(earliest));
        if slot > now {
            return false;
        }
        *next = Some(slot + burst / BACKSTOP_CHECKS_PER_SECOND);
        true
    }

    fn lookup(&self, key: &str) -> Cached {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        match entries.get(key) {
            Some(entry) if site_cache::unchanged_since(key, entry.generation) => {
                if entry.checked.elapsed() < site_cache::MAX_UNCHECKED {
                    Cached::Current(entry.rendered.clone())
                } else {
                    Cached::Aging(entry.rendered.clone(), entry.checking.clone())
                }
            }
            _ => Cached::Unknown,
        }
    }

    fn any(&self, key: &str) -> Option<Arc<Rendered>> {
        let entries = self.entries.read().unwrap_or_else(|e| e.into_inner());
        entries.get(key).map(|e| e.rendered.clone())
    }

    fn put(&self, key: String, entry: Entry) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&key) {
            entries.clear();
        }
        entries.insert(key, entry);
    }

    fn remove(&self, key: &str) {
        let mut entries = self.entries.write().unwrap_or_else(|e| e.into_inner());
        entries.remove(key);
    }
}

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
}

/// The rendered site at `name` (any case): from the cache when nothing has changed it, else from
/// the database. A page unconfirmed for [`site_cache::MAX_UNCHECKED`] is still served from the
/// cache while one background check per page asks the database (this catches writes that
/// bypassed the store; [`BACKSTOP_CHECKS_PER_SECOND`] bounds them), so a request waits for the
/// database only when its site changed.
async fn find(app: &AppState, cache: &Arc<PageCache>, name: &str) -> Found {
    let key = name.to_ascii_lowercase();
    match cache.lookup(&key) {
        Cached::Current(rendered) => Found::Site(rendered),
        Cached::Aging(rendered, checking) => {
            if !checking.load(Ordering::Acquire)
                && cache.backstop_allows()
                && !checking.swap(true, Ordering::AcqRel)
            {
                let (app, cache, name) = (app.clone(), cache.clone(), name.to_string());
                tokio::spawn(async move {
                    // A check that fails (the database is away) lets the next request try again;
                    // meanwhile the page held is served.
                    if let Found::Unavailable = check(&app, &cache, &name).await {
                        checking.store(false, Ordering::Release);
                    }
                });
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
    let generation = site_cache::generation();
    let checked = Instant::now();
    match app.store.find_live_by_username(name).await {
        Ok(None) => {
            cache.remove(&key);
            Found::Missing
        }
        Ok(Some(site)) => {
            let rendered = match cache.any(&key) {
                Some(r) if r.is_for(&site) => r,
                _ => Arc::new(render(site, &app.config.public_base_url)),
            };
            cache.put(
                key,
                Entry {
                    rendered: rendered.clone(),
                    generation,
                    checked,
                    checking: Arc::default(),
                },
            );
            Found::Site(rendered)
        }
        Err(e) => {
            tracing::error!(error = %e, username = name, "public site: store error");
            Found::Unavailable
        }
    }
}

fn render(site: PublicSite, base_url: &str) -> Rendered {
    let resume: Resume = serde_json::from_value(site.resume).unwrap_or_else(|e| {
        tracing::warn!(error = %e, username = site.username, "stored résumé does not read; showing it empty");
        Resume::default()
    });
    let style = SiteStyle::from(site.style);
    let html = page_html(&resume, style, &site.username, base_url);
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(html.len() / 3),
        flate2::Compression::best(),
    );
    gz.write_all(html.as_bytes()).expect("gzip to memory");
    let gzip = gz.finish().expect("gzip to memory");
    let modified: SystemTime = site.updated_at.into();
    Rendered {
        tag: format!(
            "{:x}-{}-{}",
            site.updated_at.timestamp_micros(),
            style.name(),
            render_version()
        ),
        last_modified: HeaderValue::from_str(&httpdate::fmt_http_date(modified)).expect("ASCII"),
        username: site.username,
        updated_at: site.updated_at,
        style,
        resume,
        html: Bytes::from(html),
        gzip: Bytes::from(gzip),
        og: OnceLock::new(),
    }
}

/// The whole document: head (SEO, inline CSS, theme boot script), the site, a footer.
pub fn page_html(resume: &Resume, style: SiteStyle, username: &str, base_url: &str) -> String {
    let url = format!("{base_url}/{username}");
    let head = seo::head_tags(resume, &url, &format!("{url}/og.png"));
    let body = site::render_html(resume.clone(), style);
    let style_name = style.name();
    let user = seo::escape_html(username);
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<script>{boot}</script>{head}\
<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
<style>{css}</style></head>\
<body><a class=\"skip\" href=\"#main\">Skip to content</a>\
<div class=\"page page-{style_name}\">{body}</div>\
<footer class=\"site-footer\">\
<button type=\"button\" id=\"theme-toggle\" aria-pressed=\"false\" hidden>Dark mode</button>\
<button type=\"button\" id=\"share\" hidden>Share</button>\
<a href=\"/{user}/resume.json\" type=\"application/json\">JSON Resume</a>\
<span>Made with <a href=\"/\">Vitae</a></span></footer>\
<script>{js}</script></body></html>",
        boot = app::components::theme::THEME_BOOT_SCRIPT,
        css = SITE_CSS,
        js = SITE_JS,
    )
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
        let host = app
            .config
            .public_base_url
            .split("://")
            .nth(1)
            .unwrap_or_default()
            .to_string();
        let r = rendered.clone();
        // Rasterising takes milliseconds: off the async threads, once per site version.
        let png = tokio::task::spawn_blocking(move || {
            r.og.get_or_init(|| {
                let name = site::display_name(&r.resume);
                Bytes::from(og::render(&og::Card {
                    name: &name,
                    title: r.resume.personal_info.title.trim(),
                    initials: &site::initials(&name),
                    address: &format!("{host}/{}", r.username),
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

    #[test]
    fn the_policy_hashes_the_exact_inline_css_and_scripts() {
        let csp = content_security_policy().to_str().unwrap().to_string();
        assert!(csp.contains(&csp_hash(SITE_CSS)));
        assert!(csp.contains(&csp_hash(SITE_JS)));
        assert!(!csp.contains("unsafe-inline"));
    }
}
