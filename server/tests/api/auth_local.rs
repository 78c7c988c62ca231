//! Built-in accounts over HTTP: signing up, in and out through the same server functions the
//! forms post to, the session cookie, brute-force limits, protected pages and the CSRF check.

use crate::support;
use std::sync::Arc;

use crate::support::TestApp;
use app::server::{
    auth::local::{hash_token, LocalAuth},
    config::PoolMode,
    store::Stores,
};

const PASSWORD: &str = "correct horse battery";

struct Setup {
    app: TestApp,
    http: reqwest::Client,
    store: Stores,
}

async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let store = app.store.clone();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Setup { app, http, store }
}

impl Setup {
    /// Posts a form to a server function as a browser without JavaScript would.
    async fn form(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        cookie: Option<&str>,
    ) -> reqwest::Response {
        let mut req = self
            .http
            .post(self.app.url(path))
            .header("accept", "text/html")
            .header("origin", &self.app.base)
            .header("referer", self.app.url("/sign-in"))
            .form(fields);
        if let Some(c) = cookie {
            req = req.header("cookie", format!("__session={c}"));
        }
        req.send().await.unwrap()
    }

    /// Calls a server function as the hydrated page does (JSON answers, real status codes).
    async fn call(&self, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        self.http
            .post(self.app.url(path))
            .header("origin", &self.app.base)
            .form(fields)
            .send()
            .await
            .unwrap()
    }

    async fn sign_up(&self, email: &str) -> String {
        let res = self
            .form(
                "/api/sign-up",
                &[("email", email), ("password", PASSWORD)],
                None,
            )
            .await;
        assert_eq!(res.status(), 302);
        assert_eq!(res.headers()["location"], "/dashboard");
        session_cookie(&res).expect("a session cookie")
    }

    async fn dashboard(&self, path: &str, cookie: Option<&str>) -> reqwest::Response {
        let mut req = self.http.get(self.app.url(path));
        if let Some(c) = cookie {
            req = req.header("cookie", format!("__session={c}"));
        }
        req.send().await.unwrap()
    }
}

/// The value of the `__session` cookie set by a response.
fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("__session="))
        .map(|v| v.split(';').next().unwrap().to_string())
}

#[tokio::test]
async fn signing_up_sets_an_httponly_lax_session_and_opens_the_dashboard() {
    let s = setup().await;
    let res = s
        .form(
            "/api/sign-up",
            &[
                ("email", "  Ana.Maria@Example.ORG "),
                ("password", PASSWORD),
            ],
            None,
        )
        .await;
    assert_eq!(res.status(), 302);
    let set_cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set_cookie.contains(part), "{set_cookie}");
    }
    assert!(!set_cookie.contains("Secure"), "plain http: {set_cookie}");
    let token = session_cookie(&res).unwrap();
    assert_eq!(token.len(), 43, "256 bits, base64url");

    let page = s.dashboard("/dashboard", Some(&token)).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("ana.maria@example.org"),
        "normalised email shown"
    );
    assert!(html.contains("ana-maria"), "username shown");

    // Stored hashed: the token itself is not a key in the sessions table.
    assert!(s
        .store
        .accounts
        .find_session(&hash_token(&token))
        .await
        .unwrap()
        .is_some());
    assert!(s
        .store
        .accounts
        .find_session(&token)
        .await
        .unwrap()
        .is_none());
    s.app.stop().await;
}

#[tokio::test]
async fn signing_out_ends_the_session_and_the_dashboard_redirects_again() {
    let s = setup().await;
    let token = s.sign_up("bo@example.org").await;
    let res = s.form("/api/sign-out", &[], Some(&token)).await;
    assert_eq!(res.status(), 302);
    assert_eq!(res.headers()["location"], "/?signed-out");
    assert!(res.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    let page = s.dashboard("/dashboard", Some(&token)).await;
    assert_eq!(
        page.status(),
        303,
        "the old token must be dead on the server"
    );
    s.app.stop().await;
}

#[tokio::test]
async fn signing_in_again_works_and_only_follows_local_return_paths() {
    let s = setup().await;
    s.sign_up("cy@example.org").await;
    for (return_to, expected) in [
        ("/dashboard/settings?tab=1", "/dashboard/settings?tab=1"),
        ("https://evil.example/", "/dashboard"),
        ("//evil.example/", "/dashboard"),
    ] {
        let res = s
            .form(
                "/api/sign-in",
                &[
                    ("email", "CY@example.org"),
                    ("password", PASSWORD),
                    ("return_to", return_to),
                ],
                None,
            )
            .await;
        assert_eq!(res.status(), 302, "{return_to}");
        assert_eq!(res.headers()["location"], expected, "{return_to}");
        assert!(session_cookie(&res).is_some());
    }
    s.app.stop().await;
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let s = setup().await;
    s.sign_up("di@example.org").await;
    let wrong = s
        .call(
            "/api/sign-in",
            &[
                ("email", "di@example.org"),
                ("password", "not the password"),
            ],
        )
        .await;
    let unknown = s
        .call(
            "/api/sign-in",
            &[
                ("email", "nobody@example.org"),
                ("password", "not the password"),
            ],
        )
        .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert!(session_cookie(&wrong).is_none());
    let (a, b) = (wrong.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(a, b);
    assert!(a.contains("WrongCredentials"), "{a}");
    s.app.stop().await;
}

#[tokio::test]
async fn the_eleventh_failed_sign_in_is_refused_even_with_the_right_password() {
    let s = setup().await;
    s.sign_up("ed@example.org").await;
    for _ in 0..10 {
        let res = s
            .call(
                "/api/sign-in",
                &[("email", "ed@example.org"), ("password", "guess guess")],
            )
            .await;
        assert_eq!(res.status(), 401);
    }
    let res = s
        .call(
            "/api/sign-in",
            &[("email", "ed@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 429);
    // The same address guessing at another email is limited too.
    let res = s
        .call(
            "/api/sign-in",
            &[("email", "fay@example.org"), ("password", "guess guess")],
        )
        .await;
    assert_eq!(res.status(), 429);
    s.app.stop().await;
}

#[tokio::test]
async fn thirty_wrong_passwords_at_once_are_counted_before_any_is_checked() {
    let s = setup().await;
    s.sign_up("gus@example.org").await;
    let attempts = (0..30).map(|_| {
        s.call(
            "/api/sign-in",
            &[("email", "gus@example.org"), ("password", "guess guess")],
        )
    });
    let statuses: Vec<u16> = futures::future::join_all(attempts)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    let refused = statuses.iter().filter(|&&s| s == 429).count();
    let checked = statuses.iter().filter(|&&s| s == 401).count();
    assert_eq!(
        checked, 10,
        "exactly the allowance is checked: {statuses:?}"
    );
    assert_eq!(refused, 20, "{statuses:?}");
    s.app.stop().await;
}

#[tokio::test]
async fn over_long_email_addresses_are_counted_against_the_address_and_never_kept() {
    let s = setup().await;
    let huge = format!("{}@example.org", "a".repeat(500 * 1024));
    for _ in 0..10 {
        let res = s
            .call(
                "/api/sign-in",
                &[("email", &huge), ("password", "guess guess")],
            )
            .await;
        assert_eq!(res.status(), 401);
    }
    // The client address has used its allowance, whatever addresses it tried.
    let res = s
        .call(
            "/api/sign-in",
            &[("email", "hal@example.org"), ("password", "guess guess")],
        )
        .await;
    assert_eq!(res.status(), 429);
    s.app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_sign_ups_at_once_hash_a_few_at_a_time_and_each_gets_an_answer() {
    // As the `vitae` binary does: freed hash blocks go back to the system, so the peak measures
    // how many hashes ran at once rather than how many threads ever hashed.
    vitae::memory::return_large_blocks_to_the_system();
    let _measuring = support::MEASURING_MEMORY.lock().await;
    let s = setup().await;
    support::reset_peak_rss();
    let emails: Vec<String> = (0..40).map(|i| format!("p{i}@example.org")).collect();
    let sign_ups = emails.iter().map(|email| async {
        s.form(
            "/api/sign-up",
            &[("email", email.as_str()), ("password", PASSWORD)],
            None,
        )
        .await
    });
    let statuses: Vec<u16> = futures::future::join_all(sign_ups)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    // Each hash takes 19 MiB: forty at once took 760 MB; four at a time take 76.
    let peak = support::peak_rss();
    assert!(peak < 400 * 1024 * 1024, "peak RSS {} MB", peak >> 20);
    assert!(
        statuses.iter().all(|&s| s == 302 || s == 503),
        "signed up, or told to come back: {statuses:?}"
    );
    assert!(
        statuses.iter().filter(|&&s| s == 302).count() >= 10,
        "{statuses:?}"
    );
    s.app.stop().await;
}

#[tokio::test]
async fn an_address_told_too_often_that_an_email_has_an_account_is_slowed_down() {
    let s = setup().await;
    s.sign_up("ivo@example.org").await;
    for i in 0..20 {
        let res = s
            .call(
                "/api/sign-up",
                &[("email", "ivo@example.org"), ("password", PASSWORD)],
            )
            .await;
        assert_eq!(res.status(), 409, "answer {i}");
    }
    let res = s
        .call(
            "/api/sign-up",
            &[("email", "jo@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 429, "the harvester's address waits an hour");
    s.app.stop().await;
}

#[test]
fn a_failed_sign_in_is_logged_without_the_email_address() {
    use std::sync::Mutex;
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
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    // One thread: everything the app logs for this request is written by this subscriber.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    tracing::subscriber::with_default(subscriber, || {
        runtime.block_on(async {
            let s = setup().await;
            let res = s
                .call(
                    "/api/sign-in",
                    &[
                        ("email", "secret.person@example.org"),
                        ("password", "guess guess"),
                    ],
                )
                .await;
            assert_eq!(res.status(), 401);
            s.app.stop().await;
        })
    });
    let logs = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("failed sign-in"),
        "the failure is logged: {logs}"
    );
    assert!(!logs.contains("secret.person"), "{logs}");
}

#[tokio::test]
async fn sign_up_rejects_a_bad_email_a_short_password_and_a_taken_address_with_field_messages() {
    let s = setup().await;
    let res = s
        .call(
            "/api/sign-up",
            &[("email", "not-an-email"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("\"email\""));
    let res = s
        .call(
            "/api/sign-up",
            &[("email", "gil@example.org"), ("password", "short")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("at least 8 characters"));
    let res = s
        .call(
            "/api/sign-up",
            &[
                ("email", "gil@example.org"),
                ("password", "gil@example.org"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    s.sign_up("gil@example.org").await;
    let res = s
        .call(
            "/api/sign-up",
            &[("email", "GIL@example.org"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 409);
    s.app.stop().await;
}

#[tokio::test]
async fn the_dashboard_redirects_anonymous_visitors_to_sign_in_with_a_local_return_path() {
    let s = setup().await;
    for (path, location) in [
        ("/dashboard", "/sign-in?return_to=/dashboard"),
        (
            "/dashboard/edit?x=1",
            "/sign-in?return_to=/dashboard/edit%3Fx%3D1",
        ),
    ] {
        let res = s.dashboard(path, None).await;
        assert_eq!(res.status(), 303, "{path}");
        assert_eq!(res.headers()["location"], location, "{path}");
    }
    let res = s.dashboard("/dashboard", Some("garbage")).await;
    assert_eq!(res.status(), 303);
    s.app.stop().await;
}

#[tokio::test]
async fn a_post_from_another_site_is_refused() {
    let s = setup().await;
    let res = s
        .http
        .post(s.app.url("/api/sign-up"))
        .header("origin", "https://evil.example")
        .form(&[("email", "hal@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(s
        .store
        .accounts
        .find_account_by_email("hal@example.org")
        .await
        .unwrap()
        .is_none());
    s.app.stop().await;
}

#[tokio::test]
async fn changing_the_password_ends_every_other_session() {
    let s = setup().await;
    let first = s.sign_up("ivy@example.org").await;
    let account = s
        .store
        .accounts
        .find_account_by_email("ivy@example.org")
        .await
        .unwrap()
        .unwrap();
    let local = LocalAuth::new(app::server::counters::Counters::new(
        &s.app.db,
        PoolMode::Session,
    ));
    let kept = local
        .change_password(
            s.store.accounts.as_ref(),
            &account.subject,
            &account.email,
            "a new passphrase",
        )
        .await
        .unwrap();
    assert_eq!(s.dashboard("/dashboard", Some(&first)).await.status(), 303);
    assert_eq!(
        s.dashboard("/dashboard", Some(kept.expose()))
            .await
            .status(),
        200
    );
    s.app.stop().await;
}
