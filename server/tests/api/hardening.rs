//! Issue 14 over HTTP. Every app page carries a Content-Security-Policy whose fresh nonce is on
//! each of its inline scripts; every response `nosniff` and a referrer policy, HSTS only behind
//! an https `PUBLIC_BASE_URL`; the public sites keep their own policy. A résumé full of markup
//! stays text on the server-rendered dashboard. A form post is never sent back to another site,
//! and a form error read from a link shows only the app's own sentences.

use crate::support::TestApp;
use app::{server::store::NewUser, site::SiteStyle};
use reqwest::{header, redirect, Client, Response};
use serde_json::{json, Value};

/// Break-outs of every raw-text element and attribute, as a PDF could carry them.
const PAYLOADS: [&str; 4] = [
    "</textarea><svg onload=alert(1)>",
    "</textarea><img src=x onerror=alert(2)>",
    "</script><script>alert(3)</script>",
    "\"><script>alert(4)</script>",
];

fn client() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

/// The HTML of `path`, fetched anonymously.
async fn page(app: &TestApp, path: &str) -> String {
    client()
        .get(app.url(path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// A résumé whose every string is one of [`PAYLOADS`].
fn hostile_resume() -> Value {
    let p = |i: usize| PAYLOADS[i % PAYLOADS.len()];
    json!({
        "personalInfo": { "name": p(0), "title": p(1), "location": p(2) },
        "summary": p(0),
        "skills": { "languages": [p(1)], "frameworksAndTools": [p(2)] },
        "experience": [{ "company": p(3), "position": p(0), "description": [p(0), p(1), p(2), p(3)] }],
        "education": [{ "university": p(1), "degree": p(2) }],
        "extracurricular": [p(3)],
    })
}

/// The nonce in a policy's `script-src`.
#[track_caller]
fn nonce_of(csp: &str) -> String {
    let script_src = csp
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src "))
        .unwrap_or_else(|| panic!("no script-src in {csp}"));
    let start = script_src
        .find("'nonce-")
        .unwrap_or_else(|| panic!("no nonce in {script_src}"))
        + "'nonce-".len();
    let rest = &script_src[start..];
    rest[..rest.find('\'').expect("a closing quote")].to_string()
}

/// Checks an app page's headers and that every `<script>` in it carries the policy's nonce;
/// returns the nonce.
async fn check_app_page(what: &str, res: Response) -> String {
    let h = res.headers().clone();
    let csp = h
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap_or_else(|| panic!("{what}: no Content-Security-Policy"))
        .to_str()
        .unwrap()
        .to_string();
    for directive in [
        "default-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'",
        "form-action 'self'",
        "connect-src 'self'",
    ] {
        assert!(csp.contains(directive), "{what}: {directive} in {csp}");
    }
    let script_src = csp.split(';').find(|d| d.contains("script-src")).unwrap();
    assert!(
        !script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"),
        "{what}: {script_src}"
    );
    assert!(script_src.contains("'wasm-unsafe-eval'"), "{what}");
    let nonce = nonce_of(&csp);
    assert!(nonce.len() >= 22, "{what}: at least 128 bits: {nonce}");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{what}");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{what}");
    assert_eq!(
        h[header::REFERRER_POLICY],
        "strict-origin-when-cross-origin",
        "{what}"
    );
    assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY), "{what}");

    let html = res.text().await.unwrap();
    let scripts: Vec<&str> = html
        .match_indices("<script")
        .map(|(i, _)| &html[i..i + html[i..].find('>').unwrap()])
        .collect();
    assert!(!scripts.is_empty(), "{what}: the page has scripts");
    for tag in scripts {
        assert!(
            tag.contains(&format!("nonce=\"{nonce}\"")),
            "{what}: a script without the nonce: {tag}"
        );
    }
    nonce
}

/// Signs up Ana and saves her a résumé whose every string is a break-out; her session token.
async fn signed_up_with_a_hostile_resume(app: &TestApp, http: &reqwest::Client) -> String {
    let cookie = app.sign_up(http, "ana@example.org").await;
    let saved = http
        .post(app.url("/api/resume/save"))
        .header("origin", &app.base)
        .header("cookie", format!("__session={cookie}"))
        .json(&json!({ "resume": hostile_resume() }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200, "{}", saved.text().await.unwrap());
    cookie
}

#[tokio::test]
async fn every_app_page_has_a_fresh_nonce_that_each_of_its_scripts_carries() {
    let app = TestApp::spawn().await;
    let http = client();
    let cookie = signed_up_with_a_hostile_resume(&app, &http).await;

    for (path, signed_in, status) in [
        ("/", false, 200),
        ("/sign-in", false, 200),
        ("/sign-up", false, 200),
        ("/dashboard", true, 200),
        ("/no/such/page", false, 404),
        ("/nobody-here", false, 404),
    ] {
        let mut nonces = Vec::new();
        for _ in 0..2 {
            let mut req = http.get(app.url(path));
            if signed_in {
                req = req.header("cookie", format!("__session={cookie}"));
            }
            let res = req.send().await.unwrap();
            assert_eq!(res.status(), status, "{path}");
            nonces.push(check_app_page(path, res).await);
        }
        assert_ne!(nonces[0], nonces[1], "{path}: a new nonce for each request");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_resume_of_break_outs_stays_text_on_the_server_rendered_dashboard() {
    let app = TestApp::spawn().await;
    let http = client();
    let cookie = signed_up_with_a_hostile_resume(&app, &http).await;
    let html = http
        .get(app.url("/dashboard"))
        .header("cookie", format!("__session={cookie}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // (The hydration data holds the payloads too, in a script with every `<` escaped.)
    for markup in ["<svg", "<img src=x", "<script>alert", "<script>fetch"] {
        assert!(!html.contains(markup), "{markup} became markup: {html}");
    }
    let opened = html.matches("<textarea").count();
    assert!(
        opened >= 6,
        "the summary and bullets are textareas: {opened}"
    );
    assert_eq!(
        html.matches("</textarea>").count(),
        opened,
        "every textarea is closed by its own tag and by nothing in it"
    );
    assert!(html.contains("&lt;/textarea&gt;&lt;svg onload=alert(1)&gt;"));
    app.stop().await;
}

#[tokio::test]
async fn every_response_is_nosniff_and_only_html_pages_get_the_app_policy() {
    let app = TestApp::spawn().await;
    for path in ["/healthz", "/favicon.svg", "/api/session"] {
        let res = client().get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert!(h.contains_key(header::REFERRER_POLICY), "{path}");
        assert!(!h.contains_key(header::STRICT_TRANSPORT_SECURITY), "{path}");
        if !h
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.to_str().unwrap().starts_with("text/html"))
        {
            assert!(!h.contains_key(header::CONTENT_SECURITY_POLICY), "{path}");
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn hsts_is_sent_only_when_the_public_address_is_https() {
    let app = TestApp::spawn_with(&[("PUBLIC_BASE_URL", "https://vitae.example")]).await;
    for path in ["/", "/healthz", "/no/such/page"] {
        let res = client().get(app.url(path)).send().await.unwrap();
        assert_eq!(
            res.headers()[header::STRICT_TRANSPORT_SECURITY],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn a_public_site_keeps_its_own_strict_policy_and_gets_the_other_headers() {
    let app = TestApp::spawn().await;
    let store = app.store.clone();
    store
        .people
        .create_user(NewUser {
            subject: "user_ada",
            username: "ada",
            email: "ada@private.example",
        })
        .await
        .unwrap();
    store
        .people
        .update_resume(
            "user_ada",
            &serde_json::from_value(json!({ "personalInfo": { "name": "Ada" } })).unwrap(),
        )
        .await
        .unwrap();
    store
        .people
        .set_style("user_ada", SiteStyle::Simple)
        .await
        .unwrap();
    store.people.set_live("user_ada", true).await.unwrap();

    let res = client().get(app.url("/ada")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let h = res.headers();
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(
        csp.starts_with("default-src 'none'; script-src 'sha256-"),
        "{csp}"
    );
    assert!(!csp.contains("nonce-"), "{csp}");
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(
        h[header::REFERRER_POLICY],
        "strict-origin-when-cross-origin"
    );
    app.stop().await;
}

/// Issue 14, item 7: a plain form post is sent back to its `Referer`; one from another site must
/// not turn the app into a redirector.
#[tokio::test]
async fn a_form_post_is_sent_back_to_a_local_page_only() {
    let app = TestApp::spawn().await;
    let sign_in = |referer: String| {
        client()
            .post(app.url("/api/sign-in"))
            .header("accept", "text/html")
            .header("referer", referer)
            .form(&[
                ("email", "nobody@example.org"),
                ("password", "wrong password"),
            ])
            .send()
    };
    for foreign in [
        "https://evil.example/phish".to_string(),
        format!("https://evil.example/{}", app.base),
        format!(
            "http://{}@evil.example/",
            app.base.trim_start_matches("http://")
        ),
    ] {
        let res = sign_in(foreign.clone()).await.unwrap();
        assert_eq!(res.status(), 302, "{foreign}");
        let location = res.headers()[header::LOCATION].to_str().unwrap();
        assert!(
            location.starts_with('/') && !location.starts_with("//"),
            "{foreign} → {location}"
        );
    }
    let res = sign_in(app.url("/sign-in?return_to=/dashboard"))
        .await
        .unwrap();
    assert_eq!(res.status(), 302);
    let location = res.headers()[header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with(&app.url("/sign-in?return_to=/dashboard")),
        "our own page is still where the form goes back to: {location}"
    );
    app.stop().await;
}

/// The error a form post without JavaScript leaves in the URL, as Leptos writes it.
fn error_link(page: &str, server_fn: &str, error: &Value) -> String {
    use base64::Engine as _;
    let encoded = base64::engine::general_purpose::URL_SAFE.encode(error.to_string());
    format!("{page}?__path={server_fn}&__err={encoded}")
}

/// Issue 14, item 7: `/sign-in?__path=/api/sign-in&__err=…` showed whatever text the link chose.
#[tokio::test]
async fn a_form_error_read_from_a_link_shows_only_what_the_app_says() {
    let app = TestApp::spawn().await;
    let lure = "Your account is locked. Call +1 555 0100 now";
    let links = [
        error_link("/sign-in", "/api/sign-in", &json!({ "Request": lure })),
        error_link(
            "/sign-up",
            "/api/sign-up",
            &json!({ "Invalid": { "field": "email", "message": lure } }),
        ),
    ];
    for link in links {
        let html = page(&app, &link).await;
        assert!(!html.contains("Call +1 555"), "{link}: {html}");
        assert!(
            html.contains("please try again.") || html.contains("Check this field and try again."),
            "{link}: the error is still shown, in the app's words: {html}"
        );
    }
    let real = error_link(
        "/sign-up",
        "/api/sign-up",
        &json!({ "Invalid": { "field": "password", "message": "Use at least 8 characters." } }),
    );
    let html = page(&app, &real).await;
    assert!(
        html.contains("Use at least 8 characters."),
        "a message the form really gives is shown: {html}"
    );
    app.stop().await;
}

/// With Clerk the pages load Clerk's JS from its frontend API and run two inline scripts of ours:
/// each carries the nonce, and the policy names the frontend API.
#[tokio::test]
async fn with_clerk_every_script_carries_the_nonce_and_the_frontend_api_is_allowed() {
    use base64::Engine as _;
    let key = format!(
        "pk_test_{}",
        base64::engine::general_purpose::STANDARD.encode("clerk.vitae.example$")
    );
    let app = TestApp::spawn_with(&[
        ("AUTH_PROVIDER", "clerk"),
        ("CLERK_PUBLISHABLE_KEY", &key),
        ("CLERK_SECRET_KEY", "sk_test_0123456789"),
    ])
    .await;
    for path in ["/", "/sign-in", "/sign-up"] {
        let res = client().get(app.url(path)).send().await.unwrap();
        let csp = res.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("'wasm-unsafe-eval' https://clerk.vitae.example"),
            "{path}: {csp}"
        );
        check_app_page(path, res).await;
    }
    let html = page(&app, "/sign-in").await;
    assert!(
        html.contains("https://clerk.vitae.example/npm/@clerk/clerk-js@5/dist/clerk.browser.js"),
        "the sign-in page loads Clerk: {html}"
    );
    app.stop().await;
}
