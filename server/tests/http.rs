//! The whole application started on port 0 with a fresh SQLite file, spoken to over HTTP.

use std::collections::HashMap;

use app::server::config::Config;
use server::startup::Application;

struct TestApp {
    base: String,
    _dir: tempfile::TempDir,
    db: app::server::db::Database,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl TestApp {
    async fn spawn() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let vars: HashMap<String, String> = [
            (
                "DATABASE_URL".to_string(),
                format!("sqlite://{}/vitae.db", dir.path().display()),
            ),
            ("LEPTOS_SITE_ADDR".to_string(), "127.0.0.1:0".to_string()),
            (
                "LEPTOS_SITE_ROOT".to_string(),
                dir.path().join("site").display().to_string(),
            ),
        ]
        .into();
        let config = Config::from_vars(&vars).unwrap();
        let app = Application::build(config).await.expect("app builds");
        let base = format!("http://{}", app.addr());
        let db = app.database().clone();
        let (tx, rx) = tokio::sync::oneshot::channel();
        let handle = tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        Self {
            base,
            _dir: dir,
            db,
            shutdown: Some(tx),
            handle,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    async fn stop(mut self) {
        let _ = self.shutdown.take().unwrap().send(());
        self.handle.await.unwrap().unwrap();
    }
}

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
