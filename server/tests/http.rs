//! The whole application over HTTP: health, pages, 404s, compression.

mod support;

use support::TestApp;

#[tokio::test]
async fn healthz_answers_200() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(res.status(), 200);
    app.stop().await;
}

#[tokio::test]
async fn readyz_answers_200_when_the_database_is_reachable() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ready");
    assert_eq!(body["database"], "sqlite");
    app.stop().await;
}

#[tokio::test]
async fn the_landing_page_is_server_rendered() {
    let app = TestApp::spawn().await;
    let res = reqwest::get(app.url("/")).await.unwrap();
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Your résumé, as a website, in two minutes."),
        "{html}"
    );
    assert!(html.contains("href=\"/sign-up\""));
    app.stop().await;
}

#[tokio::test]
async fn an_unknown_path_is_a_404_with_the_not_found_page() {
    let app = TestApp::spawn().await;
    for path in ["/does/not/exist", "/pkg/missing.wasm", "/a%20b"] {
        let res = reqwest::get(app.url(path)).await.unwrap();
        assert_eq!(res.status(), 404, "{path}");
        if !path.starts_with("/pkg") {
            assert!(
                res.text().await.unwrap().contains("Page not found"),
                "{path}"
            );
        }
    }
    app.stop().await;
}

#[tokio::test]
async fn pages_are_compressed_when_the_client_accepts_it() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let res = client
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()
            .get("content-encoding")
            .map(|v| v.to_str().unwrap()),
        Some("gzip")
    );
    app.stop().await;
}

#[tokio::test]
async fn readyz_answers_503_with_a_reason_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.db.close().await;
    let res = reqwest::get(app.url("/readyz")).await.unwrap();
    assert_eq!(res.status(), 503);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert!(
        body["reason"].as_str().is_some_and(|r| !r.is_empty()),
        "{body}"
    );
    // Liveness is not readiness: the process still answers.
    assert_eq!(
        reqwest::get(app.url("/healthz")).await.unwrap().status(),
        200
    );
    app.stop().await;
}

#[tokio::test]
async fn a_server_function_refuses_a_body_over_its_limit_without_storing_anything() {
    let app = TestApp::spawn().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = http
        .post(app.url("/api/sign-up"))
        .form(&[
            ("email", "big@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("__session="))
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_string();
    // Valid JSON, one field far too long to be read: the body limit answers before validation.
    let summary = "x".repeat(server::startup::SERVER_FN_BODY_LIMIT + 1);
    let res = http
        .post(app.url("/api/resume/save"))
        .header("cookie", &cookie)
        .json(&serde_json::json!({"resume": {"summary": summary}}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        413,
        "an oversized body is refused as too large"
    );
    let dashboard: serde_json::Value = http
        .post(app.url("/api/dashboard"))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        dashboard["resume"],
        serde_json::Value::Null,
        "nothing was stored"
    );
    app.stop().await;
}
