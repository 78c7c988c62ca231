//! The public page itself: the document around the site (`app::site::document`, shared with
//! the dashboard's preview), its one inline script, and the Content-Security-Policy that allows
//! exactly its inline CSS and scripts by hash. No wasm and no hydration: readable before, and
//! without, any script.

use std::{io::Write as _, sync::OnceLock, time::SystemTime};

use app::{
    server::store::PublicSite,
    site::{self, accent::Accent, seo, SiteStyle, SITE_CSS},
};
use axum::{body::Bytes, http::HeaderValue};
use resume::Resume;
use sha2::{Digest, Sha256};

use super::cache::Rendered;

/// The dark-mode toggle and share button: shown only once this runs, so without JavaScript no
/// button does nothing. The page works without it.
const SITE_JS: &str = "(function(){var d=document.documentElement,b=document.getElementById('theme-toggle');function dark(){var t=d.dataset.theme;return t?t==='dark':matchMedia('(prefers-color-scheme: dark)').matches}function sync(){var k=dark();b.setAttribute('aria-pressed',String(k));b.textContent=k?'Light mode':'Dark mode'}if(b){b.hidden=false;sync();b.addEventListener('click',function(){var t=dark()?'light':'dark';d.dataset.theme=t;try{localStorage.setItem('vitae-theme',t)}catch(e){}sync()})}var s=document.getElementById('share');if(s&&navigator.share){s.hidden=false;s.addEventListener('click',function(){navigator.share({title:document.title,url:location.href}).catch(function(){})})}})();";

/// `sha256-…` of an inline script or style, for the Content-Security-Policy.
pub fn csp_hash(text: &str) -> String {
    use base64::Engine as _;
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The policy for public pages: nothing may run or load but our own inline CSS and scripts (by
/// hash), images from https (a photo), and the favicon.
pub(super) fn content_security_policy() -> &'static HeaderValue {
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

pub(super) fn render(site: PublicSite, base_url: &str) -> Rendered {
    let resume = site.resume;
    let (style, accent) = (site.style, site.accent);
    let html = page_html(&resume, style, accent, &site.username, base_url);
    let mut gz = flate2::write::GzEncoder::new(
        Vec::with_capacity(html.len() / 3),
        flate2::Compression::best(),
    );
    gz.write_all(html.as_bytes()).expect("gzip to memory");
    let gzip = gz.finish().expect("gzip to memory");
    let modified: SystemTime = site.updated_at.into();
    Rendered {
        tag: format!(
            "{:x}-{}-{}-{}",
            site.updated_at.timestamp_micros(),
            style.as_str(),
            accent.name(),
            render_version()
        ),
        last_modified: HeaderValue::from_str(&httpdate::fmt_http_date(modified)).expect("ASCII"),
        username: site.username,
        updated_at: site.updated_at,
        style,
        accent,
        resume,
        html: Bytes::from(html),
        gzip: Bytes::from(gzip),
        og: OnceLock::new(),
    }
}

/// The whole document ([`site::document`]): head (theme boot script, SEO, favicon), a bar with
/// the share and dark-mode buttons, the site, a footer, and the script that shows the buttons.
pub fn page_html(
    resume: &Resume,
    style: SiteStyle,
    accent: Accent,
    username: &str,
    base_url: &str,
) -> String {
    let url = format!("{base_url}/{username}");
    let head = seo::head_tags(resume, &url, &format!("{url}/og.png"));
    let body = site::render_html(resume.clone(), style);
    let style_name = style.as_str();
    let user = seo::escape_html(username);
    let head = format!(
        "<script>{boot}</script>{head}\
<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">",
        boot = app::components::theme::THEME_BOOT_SCRIPT,
    );
    let accent = accent.class();
    // The theme toggle and share button sit at the top, where a visitor looks for them; the
    // footer is for the JSON Resume link (for developers) and the credit.
    let body = format!(
        "<div class=\"site-root {accent}\"><a class=\"skip\" href=\"#main\">Skip to content</a>\
<div class=\"site-bar\">\
<button type=\"button\" id=\"share\" hidden>Share</button>\
<button type=\"button\" id=\"theme-toggle\" aria-pressed=\"false\" hidden>Dark mode</button></div>\
<div class=\"page page-{style_name}\">{body}</div>\
<footer class=\"site-footer\">\
<span>Made with <a href=\"/\">Vitae</a></span>\
<a href=\"/{user}/resume.json\" type=\"application/json\">JSON Resume</a></footer></div>\
<script>{js}</script>",
        js = SITE_JS,
    );
    site::document::document(&head, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_hashes_the_exact_inline_css_and_scripts() {
        let csp = content_security_policy().to_str().unwrap().to_string();
        assert!(csp.contains(&csp_hash(SITE_CSS)));
        assert!(csp.contains(&csp_hash(SITE_JS)));
        assert!(!csp.contains("unsafe-inline"));
    }
}
