//! Starting the whole application for a test: port 0, a fresh SQLite file, spoken to over HTTP.
#![allow(dead_code)] // each test binary uses a different part

pub mod hostile;
/// Postgres and pgbouncer test servers, shared with the app crate's tests.
#[path = "../../../../app/tests/integration/support/postgres.rs"]
#[allow(dead_code)]
pub mod postgres;

use std::collections::HashMap;

use app::server::config::Config;
use vitae::startup::Application;

pub struct TestApp {
    pub base: String,
    pub dir: tempfile::TempDir,
    pub db: app::server::db::Database,
    /// The `DATABASE_URL` it runs on.
    db_url: String,
    /// The app's own store: a write through it is seen by the app's pages at once, as a write
    /// through the dashboard is.
    pub store: app::server::store::Stores,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    handle: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl TestApp {
    /// The app with the embedded defaults (SQLite in a temp dir, built-in accounts).
    pub async fn spawn() -> Self {
        Self::spawn_with(&[]).await
    }

    /// The app with extra environment variables on top of the test defaults.
    pub async fn spawn_with(extra: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut vars: HashMap<String, String> = [
            (
                "DATABASE_URL".to_string(),
                format!("sqlite://{}/vitae.db", dir.path().display()),
            ),
            ("LEPTOS_SITE_ADDR".to_string(), "127.0.0.1:0".to_string()),
            (
                "LEPTOS_SITE_ROOT".to_string(),
                dir.path().join("site").display().to_string(),
            ),
            // The test binary is not `vitae`: uploads are read by the real one.
            (
                "PARSE_WORKER".to_string(),
                env!("CARGO_BIN_EXE_vitae").to_string(),
            ),
        ]
        .into();
        for (k, v) in extra {
            vars.insert(k.to_string(), v.to_string());
        }
        let db_url = vars["DATABASE_URL"].clone();
        let config = Config::from_vars(&vars).unwrap();
        let app = Application::build(config).await.expect("app builds");
        let base = format!("http://{}", app.addr());
        let db = app.database().clone();
        let store = app.store();
        let (tx, rx) = tokio::sync::oneshot::channel();
        let handle = tokio::spawn(app.run_until(async {
            let _ = rx.await;
        }));
        Self {
            base,
            dir,
            db,
            db_url,
            store,
            shutdown: Some(tx),
            handle,
        }
    }

    /// The `DATABASE_URL` it runs on (to start another instance on the same database).
    pub fn db_url(&self) -> &str {
        &self.db_url
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Shuts down gracefully and checks the server exited cleanly.
    pub async fn stop(mut self) {
        let _ = self.shutdown.take().unwrap().send(());
        self.handle.await.unwrap().unwrap();
    }
}

/// The password every test account uses.
pub const PASSWORD: &str = "correct horse battery";

/// The value of the `__session` cookie a response sets, if it sets one.
pub fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("__session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_string())
        .filter(|v| !v.is_empty())
}

impl TestApp {
    /// Signs up through `/api/sign-up` as the form without JavaScript does, with [`PASSWORD`];
    /// returns the session token.
    pub async fn sign_up(&self, http: &reqwest::Client, email: &str) -> String {
        let res = http
            .post(self.url("/api/sign-up"))
            .header("accept", "text/html")
            .header("origin", &self.base)
            .header("referer", self.url("/sign-up"))
            .form(&[("email", email), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 302, "signing up {email}");
        session_cookie(&res).expect("a session cookie")
    }
}

/// Held by a test that measures this process's peak memory: one at a time, since every test
/// of the binary runs in this process.
pub static MEASURING_MEMORY: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Starts a new peak-memory measurement (Linux: `5` to `/proc/self/clear_refs` resets
/// `VmHWM` to the current RSS), so the peak read next is this test's, not an earlier one's.
pub fn reset_peak_rss() {
    std::fs::write("/proc/self/clear_refs", "5").expect("resetting the peak RSS (Linux 4.0+)");
}

/// Peak resident memory of this process (the test harness and the apps it serves), in bytes,
/// since the last [`reset_peak_rss`].
pub fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM in /proc/self/status");
    kb * 1024
}
