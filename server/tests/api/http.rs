//! The whole application over HTTP: health, pages, 404s, compression.

use crate::support::TestApp;

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
    // A short reason of the app's own, never the driver's text (it names hosts, users, paths).
    let reason = body["reason"].as_str().unwrap_or_default();
    assert_eq!(reason, "the database refused the check", "{body}");
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
    let summary = "x".repeat(vitae::startup::SERVER_FN_BODY_LIMIT + 1);
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

/// The application on port 0 with a fresh SQLite file, served until `rx` fires, with `grace`
/// for requests in flight at that moment.
async fn spawn_with_grace(
    dir: &tempfile::TempDir,
    grace: std::time::Duration,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    spawn_with(dir, grace, vitae::serve::HEADER_READ_TIMEOUT).await
}

async fn spawn_with(
    dir: &tempfile::TempDir,
    grace: std::time::Duration,
    header_read_timeout: std::time::Duration,
) -> (
    std::net::SocketAddr,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let vars: std::collections::HashMap<String, String> = [
        (
            "DATABASE_URL",
            format!("sqlite://{}/vitae.db", dir.path().display()),
        ),
        ("LEPTOS_SITE_ADDR", "127.0.0.1:0".to_string()),
        (
            "LEPTOS_SITE_ROOT",
            dir.path().join("site").display().to_string(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let config = app::server::config::Config::from_vars(&vars).unwrap();
    let app = vitae::startup::Application::build(config)
        .await
        .unwrap()
        .with_header_read_timeout(header_read_timeout);
    let addr = app.addr();
    let (tx, rx) = tokio::sync::oneshot::channel();
    let handle = tokio::spawn(app.run_until_with_grace(
        async {
            let _ = rx.await;
        },
        grace,
    ));
    (addr, tx, handle)
}

/// A sign-up's body, and the request up to its first bytes: sent alone, it leaves the server
/// waiting for the rest.
const SIGN_UP_BODY: &str = "email=grace%40example.org&password=correct+horse+battery+staple";
fn stalled_sign_up() -> Vec<u8> {
    format!(
        "POST /api/sign-up HTTP/1.1\r\nHost: localhost\r\n\
         Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{}",
        SIGN_UP_BODY.len(),
        &SIGN_UP_BODY[..6]
    )
    .into_bytes()
}

#[tokio::test]
async fn shutdown_lets_a_request_in_flight_finish_and_refuses_new_connections() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let (addr, stop, handle) = spawn_with_grace(&dir, std::time::Duration::from_secs(5)).await;
    let mut in_flight = tokio::net::TcpStream::connect(addr).await.unwrap();
    in_flight.write_all(&stalled_sign_up()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    stop.send(()).unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no new connection is accepted once shutting down"
    );
    // The rest of the body arrives during the grace period: the request completes.
    in_flight
        .write_all(&SIGN_UP_BODY.as_bytes()[6..])
        .await
        .unwrap();
    let mut answer = String::new();
    in_flight.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 "), "{answer}");
    assert!(
        answer.contains("__session="),
        "the sign-up completed: {answer}"
    );
    let exited = tokio::time::timeout(std::time::Duration::from_secs(3), handle)
        .await
        .expect("exits as soon as the last request is done, not at the end of the grace");
    exited.unwrap().unwrap();
}

#[tokio::test]
async fn shutdown_does_not_wait_past_the_grace_for_a_stalled_request() {
    use tokio::io::AsyncWriteExt;
    let dir = tempfile::tempdir().unwrap();
    let grace = std::time::Duration::from_millis(500);
    let (addr, stop, handle) = spawn_with_grace(&dir, grace).await;
    let mut stalled = tokio::net::TcpStream::connect(addr).await.unwrap();
    stalled.write_all(&stalled_sign_up()).await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let signalled = std::time::Instant::now();
    stop.send(()).unwrap();
    let exited = tokio::time::timeout(std::time::Duration::from_secs(5), handle)
        .await
        .expect("a stalled request does not hold the exit past the grace period");
    exited.unwrap().unwrap();
    assert!(signalled.elapsed() >= grace, "it waited for the grace");
    drop(stalled);
}

#[tokio::test]
async fn a_client_that_trickles_its_headers_is_cut_off_while_others_are_served() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let dir = tempfile::tempdir().unwrap();
    let deadline = std::time::Duration::from_secs(1);
    let (addr, stop, handle) = spawn_with(&dir, std::time::Duration::from_secs(5), deadline).await;
    let started = std::time::Instant::now();
    let mut loris = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request =
        b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let mut cut_off = false;
    for byte in request {
        // A byte every 100 ms: the headers would take about 7 s.
        if loris.write_all(&[*byte]).await.is_err() {
            cut_off = true;
            break;
        }
        let mut buf = [0u8; 64];
        match tokio::time::timeout(std::time::Duration::from_millis(100), loris.read(&mut buf))
            .await
        {
            Ok(Ok(0)) | Ok(Err(_)) => {
                cut_off = true;
                break;
            }
            Ok(Ok(n)) => panic!(
                "answered before the headers were complete: {}",
                String::from_utf8_lossy(&buf[..n])
            ),
            Err(_) => {}
        }
        if started.elapsed() > std::time::Duration::from_millis(500) {
            // Meanwhile an ordinary client is served at once.
            let ok = reqwest::get(format!("http://{addr}/healthz"))
                .await
                .unwrap();
            assert_eq!(ok.status(), reqwest::StatusCode::OK);
        }
    }
    assert!(cut_off, "the slow client was never cut off");
    let after = started.elapsed();
    assert!(
        after >= deadline && after < deadline * 3,
        "cut off after {after:?}, the deadline is {deadline:?}"
    );
    stop.send(()).unwrap();
    handle.await.unwrap().unwrap();
}

/// The resident memory of process `pid`, in MiB (Linux).
#[cfg(target_os = "linux")]
fn rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS in /proc/PID/status");
    kib / 1024
}

/// Each password hash takes a 19 MiB block: the binary must give it back afterwards, or RSS
/// grows by that much per sign-up and sign-in (to 377 MB after 30 sign-ups before the fix in
/// main.rs).
#[cfg(target_os = "linux")]
#[tokio::test]
async fn password_hashing_does_not_keep_its_memory() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    /// Stops the server however the test ends.
    struct Server(std::process::Child);
    impl Drop for Server {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let server = Server(
        std::process::Command::new(env!("CARGO_BIN_EXE_vitae"))
            .arg("serve")
            .current_dir(dir.path())
            .env_clear()
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("LEPTOS_SITE_ROOT", dir.path().join("site"))
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("vitae starts"),
    );
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut up = false;
    for _ in 0..200 {
        if http.get(format!("{base}/healthz")).send().await.is_ok() {
            up = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(up, "the server answers /healthz");
    let before = rss_mib(server.0.id());
    for i in 0..12 {
        let res = http
            .post(format!("{base}/api/sign-up"))
            .form(&[
                ("email", format!("memory-{i}@example.org")),
                ("password", "correct horse battery".to_string()),
            ])
            .send()
            .await
            .unwrap();
        assert!(
            res.headers()
                .get_all("set-cookie")
                .iter()
                .any(|v| v.as_bytes().starts_with(b"__session=")),
            "sign-up {i}: {}",
            res.status()
        );
    }
    let after = rss_mib(server.0.id());
    drop(server);
    assert!(
        after < before + 40,
        "12 sign-ups (19 MiB of argon2 memory each) left RSS at {after} MiB, from {before} MiB"
    );
}

#[tokio::test]
async fn server_functions_answer_503_not_500_while_the_database_is_unavailable() {
    let app = TestApp::spawn().await;
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let token = app.sign_up(&http, "outage@example.org").await;
    let cookie = format!("__session={token}");
    // The pool is shared with the running app: closed, every query fails as an outage would.
    app.db.close().await;
    for (path, body) in [
        ("/api/dashboard", None),
        (
            "/api/resume/save",
            Some(serde_json::json!({"resume": {"summary": "kept?"}})),
        ),
    ] {
        let mut req = http
            .post(app.url(path))
            .header("cookie", &cookie)
            .header("origin", &app.base);
        if let Some(body) = body {
            req = req.json(&body);
        }
        let res = req.send().await.unwrap();
        assert_eq!(
            res.status(),
            503,
            "{path}: an outage is worth retrying, not a bug"
        );
        let text = res.text().await.unwrap();
        assert!(text.contains("Unavailable"), "{path}: {text}");
    }
    app.stop().await;
}
