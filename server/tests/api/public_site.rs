//! The public sites over HTTP: `/{username}`, `/{username}/resume.json`, `/{username}/og.png`.

use crate::support::TestApp;
use app::{
    server::{
        db::Database,
        store::{NewUser, Stores},
    },
    site::SiteStyle,
};
use reqwest::{header, redirect, Client, StatusCode};
use serde_json::{json, Value};

fn client() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

fn store_of(app: &TestApp) -> Stores {
    app.store.clone()
}

fn ada() -> Value {
    json!({
        "personalInfo": {
            "name": "Ada Lovelace",
            "title": "Analyst of Engines",
            "location": "London",
            "github": "ada",
            "website": "https://ada.example"
        },
        "summary": "I write programs for machines that do not exist yet.",
        "skills": { "languages": ["Notes"], "frameworksAndTools": ["Analytical Engine"] },
        "experience": [
            { "company": "Babbage & Co", "position": "Analyst", "startDate": "1842", "isCurrentRole": true,
              "description": ["Wrote note G."] }
        ],
        "education": [{ "university": "Home", "degree": "Mathematics" }]
    })
}

/// A person with `resume`, live or not, in `style`. Returns their subject.
async fn seed(
    app: &TestApp,
    username: &str,
    resume: Value,
    live: bool,
    style: SiteStyle,
) -> String {
    let store = store_of(app);
    let subject = format!("user_{username}");
    store
        .people
        .create_user(NewUser {
            subject: &subject,
            username,
            email: &format!("{username}@private.example"),
        })
        .await
        .unwrap();
    let resume = serde_json::from_value(resume).expect("reads as a résumé");
    store.people.update_resume(&subject, &resume).await.unwrap();
    store.people.set_style(&subject, style).await.unwrap();
    store.people.set_live(&subject, live).await.unwrap();
    subject
}

async fn get(app: &TestApp, path: &str) -> reqwest::Response {
    client().get(app.url(path)).send().await.unwrap()
}

#[tokio::test]
async fn a_live_site_is_rendered_on_the_server_with_caching_and_security_headers_and_no_wasm() {
    let app = TestApp::spawn().await;
    seed(&app, "ada", ada(), true, SiteStyle::Simple).await;

    let res = get(&app, "/ada").await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers().clone();
    assert!(h[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert!(h.contains_key(header::ETAG));
    assert!(h.contains_key(header::LAST_MODIFIED));
    assert_eq!(
        h[header::CACHE_CONTROL],
        "public, max-age=60, stale-while-revalidate=600"
    );
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    let body = res.text().await.unwrap();
    for text in [
        "<h1>Ada Lovelace</h1>",
        "Analyst of Engines",
        "Wrote note G.",
        "Babbage &amp; Co",
    ] {
        assert!(body.contains(text), "the page shows {text}");
    }
    assert!(body.contains(r#"<link rel="canonical" href="http://127.0.0.1:"#));
    assert!(body.contains(r#"property="og:image""#) && body.contains("/ada/og.png"));
    assert!(
        !body.contains(".wasm") && !body.contains("/pkg/"),
        "the public page loads no wasm"
    );
    assert!(
        body.contains(r#"<main id="main""#),
        "the page has a main landmark"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_live_site_whose_stored_resume_does_not_read_is_an_error_page_not_an_empty_resume() {
    let app = TestApp::spawn().await;
    let subject = seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    // Another app (or a hand edit) wrote JSON that is not a résumé.
    let sql =
        format!("update users set resume = '\"not a résumé\"' where clerk_user_id = '{subject}'");
    match &app.db {
        Database::Sqlite(pool) => sqlx::raw_sql(&sql).execute(pool).await.map(drop),
        Database::Postgres(pool) => sqlx::raw_sql(&sql).execute(pool).await.map(drop),
    }
    .unwrap();

    let res = get(&app, "/ada").await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let body = res.text().await.unwrap();
    assert!(body.contains("could not be read"), "{body}");
    assert!(
        !body.contains("Ada Lovelace"),
        "nothing is rendered from it: {body}"
    );
}

#[tokio::test]
async fn the_bento_style_renders_cards_from_the_style_column() {
    let app = TestApp::spawn().await;
    seed(&app, "ada", ada(), true, SiteStyle::Bento).await;
    let body = get(&app, "/ada").await.text().await.unwrap();
    assert!(
        body.contains("site-bento"),
        "bento chosen by the style column"
    );
    assert!(body.contains("Core stack"));
    assert!(body.contains(r#"class="avatar avatar-initials""#) && body.contains(">AL<"));
    app.stop().await;
}

#[tokio::test]
async fn the_chosen_accent_colours_the_page_and_a_change_reaches_it_at_once() {
    let app = TestApp::spawn().await;
    let subject = seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    let body = get(&app, "/ada").await.text().await.unwrap();
    assert!(
        body.contains(r#"class="site-root accent-green""#),
        "the default"
    );
    store_of(&app)
        .people
        .set_accent(&subject, app::site::accent::Accent::Violet)
        .await
        .unwrap();
    let body = get(&app, "/ada").await.text().await.unwrap();
    assert!(body.contains(r#"class="site-root accent-violet""#));
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_username_gets_the_not_found_page_with_status_404() {
    let app = TestApp::spawn().await;
    let res = get(&app, "/nobody-here").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(res.text().await.unwrap().contains("Page not found"));
    for path in ["/nobody-here/resume.json", "/nobody-here/og.png"] {
        assert_eq!(
            get(&app, path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn a_site_that_is_not_live_is_404_everywhere() {
    let app = TestApp::spawn().await;
    seed(&app, "draft", ada(), false, SiteStyle::Simple).await;
    for path in ["/draft", "/draft/resume.json", "/draft/og.png"] {
        assert_eq!(
            get(&app, path).await.status(),
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn another_spelling_of_the_username_redirects_permanently_to_the_canonical_one() {
    let app = TestApp::spawn().await;
    seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    for (path, to) in [
        ("/ADA", "/ada"),
        ("/Ada/resume.json", "/ada/resume.json"),
        ("/aDa/og.png", "/ada/og.png"),
    ] {
        let res = get(&app, path).await;
        assert_eq!(res.status(), StatusCode::MOVED_PERMANENTLY, "{path}");
        assert_eq!(res.headers()[header::LOCATION], to, "{path}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_request_holding_the_current_etag_gets_304_and_a_stale_one_gets_the_page() {
    let app = TestApp::spawn().await;
    let subject = seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    let etag = get(&app, "/ada").await.headers()[header::ETAG].clone();
    let res = client()
        .get(app.url("/ada"))
        .header(header::IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert!(res.text().await.unwrap().is_empty());

    // A style change is a new version of the page.
    store_of(&app)
        .people
        .set_style(&subject, SiteStyle::Bento)
        .await
        .unwrap();
    let res = client()
        .get(app.url("/ada"))
        .header(header::IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the old ETag no longer matches"
    );
    assert!(res.text().await.unwrap().contains("site-bento"));
    app.stop().await;
}

#[tokio::test]
async fn resume_json_is_the_json_resume_export() {
    let app = TestApp::spawn().await;
    seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    let res = get(&app, "/ada/resume.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/json");
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["basics"]["name"], "Ada Lovelace");
    assert_eq!(v["work"][0]["name"], "Babbage & Co");
    app.stop().await;
}

#[tokio::test]
async fn og_png_is_a_1200_by_630_png() {
    let app = TestApp::spawn().await;
    seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    let res = get(&app, "/ada/og.png").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "image/png");
    let png = res.bytes().await.unwrap();
    assert_eq!(&png[1..4], b"PNG");
    assert_eq!(u32::from_be_bytes(png[16..20].try_into().unwrap()), 1200);
    assert_eq!(u32::from_be_bytes(png[20..24].try_into().unwrap()), 630);
    app.stop().await;
}

/// Every string of a résumé set to `text`, and every link to `link`.
fn hostile(text: &str, link: &str) -> Value {
    let t = || json!(text);
    let ts = || json!([text, text]);
    json!({
        "personalInfo": {
            "name": t(), "title": t(), "location": t(), "phone": t(), "email": link,
            "website": link, "linkedin": link, "github": link, "twitter": link,
            "spotifyUrl": link, "imageUrl": link,
            "profiles": [{ "network": t(), "url": link }]
        },
        "summary": t(),
        "skills": { "languages": ts(), "frameworksAndTools": ts(), "softSkills": ts(),
                    "groups": [{ "name": t(), "keywords": ts() }] },
        "experience": [{ "company": t(), "position": t(), "location": t(), "startDate": t(),
                         "endDate": t(), "isCurrentRole": true, "description": ts(), "technologies": ts() }],
        "projects": [{ "name": t(), "role": t(), "startDate": t(), "endDate": t(),
                       "description": ts(), "technologies": ts(), "link": link }],
        "education": [{ "university": t(), "degree": t(), "branch": t(), "location": t(),
                        "sgpa": t(), "startDate": t(), "endDate": t() }],
        "extracurricular": ts(),
        "customSections": [{ "title": t(), "items": ts() }]
    })
}

#[tokio::test]
async fn script_in_every_field_is_escaped_and_javascript_links_never_become_links() {
    let app = TestApp::spawn().await;
    let evil = hostile("<script>alert(1)</script>", "javascript:alert(1)");
    seed(&app, "evil", evil.clone(), true, SiteStyle::Simple).await;
    seed(&app, "evil-bento", evil, true, SiteStyle::Bento).await;
    for path in ["/evil", "/evil-bento"] {
        let body = get(&app, path).await.text().await.unwrap();
        let lower = body.to_ascii_lowercase();
        assert!(
            !lower.contains("<script>alert"),
            "{path}: the text is escaped"
        );
        assert!(
            body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}: and shown"
        );
        // Our own three: the theme boot script, JSON-LD and the toggle.
        assert_eq!(
            lower.matches("<script").count(),
            3,
            "{path}: no other script element"
        );
        assert!(
            !lower.contains("href=\"javascript:"),
            "{path}: no javascript: link"
        );
        assert!(
            !lower.contains("src=\"javascript:"),
            "{path}: no javascript: image"
        );
        assert!(
            !lower.contains("\"javascript:alert(1)\""),
            "{path}: not in any attribute"
        );
    }
    app.stop().await;
}

#[tokio::test]
async fn email_is_never_on_the_page_when_the_resume_has_none() {
    let app = TestApp::spawn().await;
    seed(&app, "ada", ada(), true, SiteStyle::Bento).await;
    for path in ["/ada", "/ada/resume.json"] {
        let body = get(&app, path).await.text().await.unwrap();
        assert!(
            !body.contains("ada@private.example"),
            "{path}: the account email stays private"
        );
        assert!(!body.contains("mailto:"), "{path}");
    }
    app.stop().await;
}

#[tokio::test]
async fn json_ld_is_valid_json_describing_the_person_and_their_current_employer() {
    let app = TestApp::spawn().await;
    seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    seed(
        &app,
        "evil",
        hostile("</script><b>x</b>", "javascript:alert(1)"),
        true,
        SiteStyle::Simple,
    )
    .await;
    let body = get(&app, "/ada").await.text().await.unwrap();
    let ld = json_ld(&body);
    assert_eq!(ld["@type"], "Person");
    assert_eq!(ld["name"], "Ada Lovelace");
    assert_eq!(ld["jobTitle"], "Analyst of Engines");
    assert_eq!(ld["worksFor"]["name"], "Babbage & Co");
    assert!(ld["url"].as_str().unwrap().ends_with("/ada"));
    assert_eq!(
        ld["sameAs"],
        json!(["https://ada.example", "https://github.com/ada"])
    );

    let body = get(&app, "/evil").await.text().await.unwrap();
    let ld = json_ld(&body);
    assert_eq!(
        ld["name"], "</script><b>x</b>",
        "the same text, safely encoded"
    );
    assert!(
        ld.get("sameAs").is_none(),
        "javascript: links are not profiles"
    );
    app.stop().await;
}

#[track_caller]
fn json_ld(body: &str) -> Value {
    let start = body
        .find(r#"<script type="application/ld+json">"#)
        .expect("a JSON-LD script")
        + r#"<script type="application/ld+json">"#.len();
    let end = start + body[start..].find("</script>").unwrap();
    serde_json::from_str(&body[start..end]).expect("JSON-LD parses as JSON")
}

#[tokio::test]
async fn unpublishing_removes_a_cached_page_on_the_very_next_request() {
    let app = TestApp::spawn().await;
    let subject = seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    // Twice: the second is served from the page cache.
    assert_eq!(get(&app, "/ada").await.status(), StatusCode::OK);
    assert_eq!(get(&app, "/ada").await.status(), StatusCode::OK);
    store_of(&app)
        .people
        .set_live(&subject, false)
        .await
        .unwrap();
    assert_eq!(get(&app, "/ada").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        get(&app, "/ada/resume.json").await.status(),
        StatusCode::NOT_FOUND
    );
    app.stop().await;
}

#[tokio::test]
async fn a_save_and_a_username_change_are_visible_on_the_next_request() {
    let app = TestApp::spawn().await;
    let subject = seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    assert!(get(&app, "/ada")
        .await
        .text()
        .await
        .unwrap()
        .contains("Wrote note G."));
    let mut changed = ada();
    changed["experience"][0]["description"] = json!(["Wrote note H."]);
    store_of(&app)
        .people
        .update_resume(&subject, &serde_json::from_value(changed).unwrap())
        .await
        .unwrap();
    let body = get(&app, "/ada").await.text().await.unwrap();
    assert!(body.contains("Wrote note H.") && !body.contains("Wrote note G."));

    store_of(&app)
        .people
        .set_username(&subject, "countess")
        .await
        .unwrap();
    assert_eq!(get(&app, "/ada").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(get(&app, "/countess").await.status(), StatusCode::OK);
    app.stop().await;
}

#[tokio::test]
async fn a_change_made_behind_the_stores_back_is_seen_soon_after_a_second() {
    // E.g. `vitae users delete` from another process, or SQL typed by hand.
    let app = TestApp::spawn().await;
    seed(&app, "ada", ada(), true, SiteStyle::Simple).await;
    assert_eq!(get(&app, "/ada").await.status(), StatusCode::OK);
    let app::server::db::Database::Sqlite(pool) = &app.db else {
        unreachable!("the test app runs on SQLite")
    };
    sqlx_update(pool).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    // The first request after the second starts a check in the background (it is answered from
    // memory meanwhile, so no visitor waits for the database); a later one sees its result.
    let mut status = get(&app, "/ada").await.status();
    for _ in 0..40 {
        if status == StatusCode::NOT_FOUND {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        status = get(&app, "/ada").await.status();
    }
    assert_eq!(status, StatusCode::NOT_FOUND);
    app.stop().await;
}

async fn sqlx_update(pool: &sqlx::SqlitePool) {
    sqlx::query("update users set islive = 0 where username = 'ada'")
        .execute(pool)
        .await
        .unwrap();
}

#[tokio::test]
async fn file_names_and_the_apps_own_routes_are_not_taken_for_usernames() {
    let app = TestApp::spawn().await;
    let site = app.dir.path().join("site");
    std::fs::create_dir_all(&site).unwrap();
    std::fs::write(site.join("robots.txt"), "User-agent: *\n").unwrap();
    let res = get(&app, "/robots.txt").await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "a static file is still served"
    );
    assert_eq!(res.text().await.unwrap(), "User-agent: *\n");
    assert_eq!(get(&app, "/healthz").await.text().await.unwrap(), "ok");
    assert_eq!(
        get(&app, "/").await.status(),
        StatusCode::OK,
        "the landing page"
    );
    app.stop().await;
}

#[tokio::test]
async fn a_first_visit_transfers_under_40_kb_compressed() {
    let app = TestApp::spawn().await;
    seed(&app, "ada", ada(), true, SiteStyle::Bento).await;
    let res = client()
        .get(app.url("/ada"))
        .header(header::ACCEPT_ENCODING, "gzip, deflate, br")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()[header::CONTENT_ENCODING], "gzip");
    let bytes = res.bytes().await.unwrap();
    assert!(bytes.len() < 40 * 1024, "{} bytes", bytes.len());
    let mut html = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut html)
        .unwrap();
    assert!(
        html.contains("Ada Lovelace"),
        "the compressed body is the page"
    );
    assert!(
        !html.contains("<link rel=\"stylesheet\""),
        "CSS is inline: nothing else to fetch"
    );
    app.stop().await;
}
