//! The dashboard over HTTP: its server functions (`/api/dashboard`, `/api/resume/save`, the
//! username, style and publish switches, the two deletions) and `POST /api/upload`, called the way
//! the hydrated page calls them, with the public site checked from the outside after each change.

use crate::support;
use std::{sync::Arc, time::Duration};

use crate::support::{session_cookie, TestApp, PASSWORD};
use app::server::{auth::local::hash_token, store::Stores};
use reqwest::{redirect, Client, Response, StatusCode};
use serde_json::{json, Value};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{tcp::OwnedReadHalf, TcpStream},
};

/// How long a test waits for something that should take well under a second before calling it a
/// failure. Generous: this is a failure condition, not a benchmark.
const PATIENCE: Duration = Duration::from_secs(20);

/// Every server function the dashboard calls, with arguments that decode, so that an answer is
/// about who is asking and never about the arguments.
const SERVER_FNS: [(&str, &[(&str, &str)]); 7] = [
    ("/api/dashboard", &[]),
    ("/api/username/check", &[("username", "free-name")]),
    ("/api/username/change", &[("username", "free-name")]),
    ("/api/style", &[("style", "bento")]),
    ("/api/publish", &[("live", "true")]),
    ("/api/resume/delete", &[]),
    ("/api/account/delete", &[("confirm", "ana")]),
];

struct Harness {
    app: TestApp,
    http: Client,
}

impl Harness {
    async fn new() -> Self {
        Self::with(&[]).await
    }

    async fn with(vars: &[(&str, &str)]) -> Self {
        let app = TestApp::spawn_with(vars).await;
        let http = Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        Self { app, http }
    }

    async fn sign_up(&self, email: &str) -> String {
        self.app.sign_up(&self.http, email).await
    }

    /// The store, as the operator's command line would open it (for checks the HTTP API cannot
    /// make, e.g. that a row is gone).
    fn store(&self) -> Stores {
        self.app.store.clone()
    }

    fn post(&self, cookie: Option<&str>, path: &str) -> reqwest::RequestBuilder {
        let mut req = self
            .http
            .post(self.app.url(path))
            .header("origin", &self.app.base);
        if let Some(c) = cookie {
            req = req.header("cookie", format!("__session={c}"));
        }
        req
    }

    /// Calls a server function as the hydrated page does: form-encoded arguments, a JSON answer
    /// and the real status.
    async fn call(&self, cookie: Option<&str>, path: &str, args: &[(&str, &str)]) -> Response {
        self.post(cookie, path).form(args).send().await.unwrap()
    }

    /// A save with any cookie (or none).
    async fn save_as(&self, cookie: Option<&str>, resume: &Value) -> Response {
        self.post(cookie, "/api/resume/save")
            .json(&json!({ "resume": resume }))
            .send()
            .await
            .unwrap()
    }

    /// The dashboard's preview of `resume` in `style`, drawn by the server.
    async fn preview(&self, cookie: Option<&str>, resume: &Value, style: &str) -> Response {
        self.post(cookie, "/api/preview")
            .json(&json!({ "resume": resume, "style": style, "accent": "violet" }))
            .send()
            .await
            .unwrap()
    }

    async fn save(&self, cookie: &str, resume: &Value) -> Response {
        self.save_as(Some(cookie), resume).await
    }

    /// Saves and checks it worked.
    async fn saved(&self, cookie: &str, resume: &Value) -> Value {
        let res = self.save(cookie, resume).await;
        assert_eq!(res.status(), 200, "a valid résumé saves");
        res.json().await.unwrap()
    }

    async fn publish(&self, cookie: &str, live: bool) -> Response {
        self.call(
            Some(cookie),
            "/api/publish",
            &[("live", if live { "true" } else { "false" })],
        )
        .await
    }

    /// The signed-in person's dashboard data.
    async fn dashboard(&self, cookie: &str) -> Value {
        let res = self.call(Some(cookie), "/api/dashboard", &[]).await;
        assert_eq!(
            res.status(),
            200,
            "the dashboard answers a signed-in person"
        );
        res.json().await.unwrap()
    }

    /// The name in the saved résumé, or `None` when nothing is saved.
    async fn saved_name(&self, cookie: &str) -> Option<String> {
        let data = self.dashboard(cookie).await;
        data["resume"]["personalInfo"]["name"]
            .as_str()
            .map(str::to_string)
    }

    /// `GET /{username}` as a visitor: the status and the page.
    async fn site(&self, username: &str) -> (StatusCode, String) {
        let res = self
            .http
            .get(self.app.url(&format!("/{username}")))
            .send()
            .await
            .unwrap();
        (res.status(), res.text().await.unwrap())
    }

    async fn upload(&self, cookie: &str, body: Vec<u8>) -> Response {
        self.post(Some(cookie), "/api/upload")
            .header("content-type", "application/octet-stream")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// Signs in through `/api/sign-in` as the hydrated form does; the session token on success.
    async fn sign_in(&self, email: &str) -> Result<String, StatusCode> {
        let res = self
            .call(
                None,
                "/api/sign-in",
                &[("email", email), ("password", PASSWORD)],
            )
            .await;
        match session_cookie(&res) {
            Some(token) if res.status().is_success() || res.status().is_redirection() => Ok(token),
            _ => Err(res.status()),
        }
    }
}

/// A résumé with keys this version does not know at three levels, which a save must keep.
fn resume(name: &str, bullet: &str) -> Value {
    json!({
        "personalInfo": {
            "name": name,
            "title": "Engineer of Things",
            "location": "Lisbon",
            "website": "https://example.org",
            "pronouns": "she/her"
        },
        "summary": "I make things that work.",
        "skills": { "languages": ["Rust", "SQL"], "frameworksAndTools": ["axum"] },
        "experience": [{
            "company": "Acme",
            "position": "Engineer",
            "startDate": "2020",
            "isCurrentRole": true,
            "description": [bullet],
            "team": "Platform"
        }],
        "education": [{ "university": "Uni", "degree": "BSc" }],
        "favouriteColour": "teal"
    })
}

/// The field paths of an `InvalidFields` error body.
fn invalid_fields(body: &Value) -> Vec<String> {
    body["InvalidFields"]
        .as_array()
        .unwrap_or_else(|| panic!("an InvalidFields error: {body}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_string())
        .collect()
}

/// The message of an `Invalid { field, message }` error body, checking its field.
#[track_caller]
fn invalid_message(body: &Value, field: &str) -> String {
    assert_eq!(body["Invalid"]["field"], field, "{body}");
    body["Invalid"]["message"].as_str().unwrap().to_string()
}

/// The sentence of an upload's error body.
async fn upload_error(res: Response) -> String {
    let body: Value = res.json().await.unwrap();
    body["error"]
        .as_str()
        .unwrap_or_else(|| panic!("an upload error sentence: {body}"))
        .to_string()
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../resume/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn dev_set(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../shared/eval/dev/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Saving and reading

#[tokio::test]
async fn saving_then_reading_the_dashboard_round_trips_the_resume_with_unknown_keys() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    let before = h.dashboard(&ana).await;
    assert_eq!(before["resume"], Value::Null, "nothing saved yet");
    assert_eq!(before["username"], "ana");
    assert_eq!(before["email"], "ana@example.org");
    assert_eq!(before["style"], "simple");
    assert_eq!(before["is_live"], false);
    assert_eq!(before["owns_account"], true);

    let saved = h
        .saved(&ana, &resume("Ana Lima", "Shipped the thing."))
        .await;
    assert_eq!(saved["is_live"], false);

    let data = h.dashboard(&ana).await;
    let r = &data["resume"];
    assert_eq!(r["personalInfo"]["name"], "Ana Lima");
    assert_eq!(r["experience"][0]["description"][0], "Shipped the thing.");
    assert_eq!(r["favouriteColour"], "teal", "an unknown top-level key");
    assert_eq!(
        r["personalInfo"]["pronouns"], "she/her",
        "an unknown nested key"
    );
    assert_eq!(
        r["experience"][0]["team"], "Platform",
        "an unknown key in a list"
    );
    assert_eq!(data["updated_at"], saved["updated_at"]);
    h.app.stop().await;
}

#[tokio::test]
async fn a_save_with_invalid_fields_is_422_naming_each_field_and_changes_nothing() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Ana Lima", "Good.")).await;
    let before = h.dashboard(&ana).await;

    let mut bad = resume(&"A".repeat(resume::MAX_NAME + 1), "Bad.");
    bad["personalInfo"]["website"] = json!("javascript:alert(1)");
    bad["experience"][0]["company"] = json!("x".repeat(resume::MAX_LINE + 1));
    let res = h.save(&ana, &bad).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    let fields = invalid_fields(&body);
    for field in [
        "personalInfo.name",
        "personalInfo.website",
        "experience[0].company",
    ] {
        assert!(
            fields.iter().any(|f| f == field),
            "{field} is named: {body}"
        );
    }

    // A body that is not a résumé at all is the request's fault too, not a 500.
    for body in ["not json", r#"{"resume": 5}"#, r#"{"cv": {}}"#] {
        let res = h
            .post(Some(&ana), "/api/resume/save")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{body}");
    }

    let after = h.dashboard(&ana).await;
    assert_eq!(
        after["resume"], before["resume"],
        "the stored résumé is unchanged"
    );
    assert_eq!(
        after["updated_at"], before["updated_at"],
        "not even touched"
    );
    h.app.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Publishing

#[tokio::test]
async fn publishing_needs_a_saved_resume_and_the_live_site_follows_every_save() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;

    let res = h.publish(&ana, true).await;
    assert_eq!(res.status(), 422, "nothing to publish yet");
    let message = invalid_message(&res.json().await.unwrap(), "publish");
    assert!(message.contains("Save your résumé first"), "{message}");
    assert_eq!(h.site("ana").await.0, 404);
    assert_eq!(h.dashboard(&ana).await["is_live"], false);

    h.saved(&ana, &resume("First Version", "One.")).await;
    let res = h.publish(&ana, true).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), true);
    let (status, page) = h.site("ana").await;
    assert_eq!(status, 200);
    assert!(page.contains("First Version"));

    // A save while live is public at once: no stale cached page.
    let saved = h.saved(&ana, &resume("Second Version", "Two.")).await;
    assert_eq!(saved["is_live"], true, "the save says the site shows it");
    let (status, page) = h.site("ana").await;
    assert_eq!(status, 200);
    assert!(page.contains("Second Version"), "the new value is live");
    assert!(!page.contains("First Version"), "the old value is gone");

    let res = h.publish(&ana, false).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), false);
    assert_eq!(h.site("ana").await.0, 404, "unpublished");
    let data = h.dashboard(&ana).await;
    assert_eq!(data["is_live"], false);
    assert_eq!(
        data["resume"]["personalInfo"]["name"], "Second Version",
        "unpublishing keeps the résumé"
    );
    h.app.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Usernames

#[tokio::test]
async fn checking_a_username_answers_for_invalid_taken_own_and_free_names() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    h.sign_up("bob@example.org").await;
    let rows: [(&str, bool, &str, &str); 8] = [
        ("ab", false, "at least 3", "too short"),
        ("Ana-Maria", false, "lower-case", "upper case"),
        ("ana_maria", false, "lower-case", "an underscore"),
        ("-ana", false, "hyphen", "a leading hyphen"),
        ("dashboard", false, "reserved", "the app's own route"),
        ("bob", false, "taken", "another person's name"),
        ("ana", true, "your address", "my own name"),
        ("ana-maria", true, "Available", "a free name"),
    ];
    for (name, available, says, why) in rows {
        let res = h
            .call(Some(&ana), "/api/username/check", &[("username", name)])
            .await;
        assert_eq!(res.status(), 200, "{why}");
        let answer: Value = res.json().await.unwrap();
        assert_eq!(answer["username"], name, "{why}");
        assert_eq!(answer["available"], available, "{why}: {answer}");
        let message = answer["message"].as_str().unwrap();
        assert!(message.contains(says), "{why}: {message}");
    }
    h.app.stop().await;
}

#[tokio::test]
async fn username_checks_are_refused_with_429_past_the_per_minute_limit() {
    use app::server::auth::rate_limit::USERNAME_CHECKS_PER_MINUTE;
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    let bob = h.sign_up("bob@example.org").await;
    let check = |cookie: String| {
        let h = &h;
        async move {
            h.call(
                Some(&cookie),
                "/api/username/check",
                &[("username", "free-name")],
            )
            .await
            .status()
        }
    };
    for i in 0..USERNAME_CHECKS_PER_MINUTE {
        assert_eq!(check(ana.clone()).await, 200, "check {i} is allowed");
    }
    assert_eq!(check(ana.clone()).await, 429, "one more is refused");
    // A change says "taken" too: it draws on the same allowance, or it would enumerate names.
    let change = h
        .call(
            Some(&ana),
            "/api/username/change",
            &[("username", "another-free-name")],
        )
        .await;
    assert_eq!(change.status(), 429, "a change past the allowance");
    assert_eq!(
        check(bob.clone()).await,
        200,
        "another person has their own allowance"
    );
    h.app.stop().await;
}

#[tokio::test]
async fn changing_the_username_moves_the_site_and_refuses_a_name_someone_holds() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    let bob = h.sign_up("bob@example.org").await;
    h.saved(&ana, &resume("Ana Lima", "One.")).await;
    assert_eq!(h.publish(&ana, true).await.status(), 200);
    assert_eq!(h.site("ana").await.0, 200);

    let res = h
        .call(
            Some(&ana),
            "/api/username/change",
            &[("username", "ana-lima")],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), "ana-lima");
    assert_eq!(h.site("ana").await.0, 404, "the old address stops at once");
    let (status, page) = h.site("ana-lima").await;
    assert_eq!(status, 200, "the new address works at once");
    assert!(page.contains("Ana Lima"));
    assert_eq!(h.dashboard(&ana).await["username"], "ana-lima");

    let res = h
        .call(
            Some(&bob),
            "/api/username/change",
            &[("username", "ana-lima")],
        )
        .await;
    assert_eq!(res.status(), 422, "someone holds it");
    let message = invalid_message(&res.json().await.unwrap(), "username");
    assert!(message.contains("taken"), "{message}");
    let res = h
        .call(
            Some(&bob),
            "/api/username/change",
            &[("username", "Ana-Lima")],
        )
        .await;
    assert_eq!(res.status(), 422, "not a username at all");
    assert_eq!(h.dashboard(&bob).await["username"], "bob", "Bob keeps his");
    assert_eq!(
        h.dashboard(&ana).await["username"],
        "ana-lima",
        "Ana keeps hers"
    );

    // The old name is free again.
    let res = h
        .call(Some(&bob), "/api/username/change", &[("username", "ana")])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(h.site("ana").await.0, 404, "Bob has published nothing");
    h.app.stop().await;
}

#[tokio::test]
async fn two_people_claiming_one_free_name_at_once_get_exactly_one_winner() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    let bob = h.sign_up("bob@example.org").await;
    for round in 0..8 {
        let name = format!("popular-{round}");
        let args = [("username", name.as_str())];
        let (a, b) = tokio::join!(
            h.call(Some(&ana), "/api/username/change", &args),
            h.call(Some(&bob), "/api/username/change", &args),
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 422], "round {round}: one wins, one is told");
        let loser = if a.status() == 422 { a } else { b };
        assert!(
            loser.text().await.unwrap().contains("taken"),
            "round {round}"
        );
        let holders = [
            h.dashboard(&ana).await["username"] == name.as_str(),
            h.dashboard(&bob).await["username"] == name.as_str(),
        ];
        assert_eq!(
            holders.iter().filter(|held| **held).count(),
            1,
            "round {round}: exactly one person holds {name}"
        );
    }
    h.app.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Style

#[tokio::test]
async fn the_style_is_saved_at_once_and_the_public_page_uses_it() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Ana Lima", "One.")).await;
    assert_eq!(h.publish(&ana, true).await.status(), 200);
    let (_, page) = h.site("ana").await;
    assert!(page.contains("page-simple"), "simple by default");

    let res = h
        .call(Some(&ana), "/api/style", &[("style", "bento")])
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap(), "bento");
    assert_eq!(h.dashboard(&ana).await["style"], "bento");
    let (status, page) = h.site("ana").await;
    assert_eq!(status, 200);
    assert!(
        page.contains("page-bento") && page.contains("site-bento"),
        "the bento layout, at once"
    );
    assert!(!page.contains("page-simple"));

    for args in [&[("style", "purple")][..], &[("style", "")], &[]] {
        let res = h.call(Some(&ana), "/api/style", args).await;
        assert!(
            res.status().is_client_error(),
            "{args:?}: a bad argument is the request's fault, not a 500: {}",
            res.status()
        );
    }
    assert_eq!(h.dashboard(&ana).await["style"], "bento", "unchanged");
    let res = h
        .call(Some(&ana), "/api/publish", &[("live", "maybe")])
        .await;
    assert_eq!(res.status(), 400, "the same for any server function");
    assert_eq!(h.site("ana").await.0, 200, "still published");
    h.app.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Deleting

#[tokio::test]
async fn deleting_the_resume_unpublishes_the_site_and_keeps_the_account() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Ana Lima", "One.")).await;
    assert_eq!(h.publish(&ana, true).await.status(), 200);
    assert_eq!(h.site("ana").await.0, 200);

    let res = h.call(Some(&ana), "/api/resume/delete", &[]).await;
    assert_eq!(res.status(), 200);
    let data = h.dashboard(&ana).await;
    assert_eq!(data["resume"], Value::Null, "the résumé is gone");
    assert_eq!(data["is_live"], false, "the site is unpublished");
    assert_eq!(data["username"], "ana", "the username stays");
    assert_eq!(h.site("ana").await.0, 404);
    assert_eq!(
        h.publish(&ana, true).await.status(),
        422,
        "nothing to publish any more"
    );
    assert!(
        h.sign_in("ana@example.org").await.is_ok(),
        "the account still signs in"
    );
    h.app.stop().await;
}

#[tokio::test]
async fn deleting_the_account_needs_the_username_and_then_removes_everything() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    let other_device = h.sign_in("ana@example.org").await.unwrap();
    h.saved(&ana, &resume("Ana Lima", "One.")).await;
    assert_eq!(h.publish(&ana, true).await.status(), 200);

    for wrong in ["", "Ana", "bob", "delete"] {
        let res = h
            .call(Some(&ana), "/api/account/delete", &[("confirm", wrong)])
            .await;
        assert_eq!(res.status(), 422, "{wrong:?}");
        let message = invalid_message(&res.json().await.unwrap(), "confirm");
        assert!(message.contains("(ana)"), "{message}");
    }
    assert_eq!(h.saved_name(&ana).await.as_deref(), Some("Ana Lima"));
    assert_eq!(h.site("ana").await.0, 200, "nothing was deleted");

    let res = h
        .call(Some(&ana), "/api/account/delete", &[("confirm", "ana")])
        .await;
    assert_eq!(res.status(), 200);
    let cleared = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|v| v.to_str().unwrap().starts_with("__session=;"));
    assert!(cleared, "the cookie is cleared");

    let store = h.store();
    assert!(
        store
            .admin
            .admin_find_by_username("ana")
            .await
            .unwrap()
            .is_none(),
        "the row is gone"
    );
    assert!(
        store
            .accounts
            .find_account_by_email("ana@example.org")
            .await
            .unwrap()
            .is_none(),
        "the account is gone"
    );
    for token in [&ana, &other_device] {
        let session = store
            .accounts
            .find_session(&hash_token(token))
            .await
            .unwrap();
        assert!(session.is_none(), "the sessions are gone from the database");
    }
    assert_eq!(h.site("ana").await.0, 404);
    for token in [&ana, &other_device] {
        let res = h.call(Some(token), "/api/dashboard", &[]).await;
        assert_eq!(res.status(), 401, "every session of the account ended");
    }
    assert_eq!(
        h.sign_in("ana@example.org").await,
        Err(StatusCode::UNAUTHORIZED),
        "the password no longer signs in"
    );
    h.app.stop().await;
}

#[tokio::test]
async fn an_account_whose_row_is_gone_signs_in_again_to_a_fresh_row() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Ana Lima", "One.")).await;
    // The operator deletes the row (or deleting the account stopped after the row).
    let deleted = h
        .store()
        .admin
        .admin_delete_by_username("ana")
        .await
        .unwrap();
    assert!(deleted);
    let res = h.call(Some(&ana), "/api/dashboard", &[]).await;
    assert_eq!(res.status(), 401, "no row, no dashboard");

    let token = h
        .sign_in("ana@example.org")
        .await
        .expect("the password still signs in");
    let data = h.dashboard(&token).await;
    assert_eq!(data["username"], "ana", "a new row, as on sign-up");
    assert_eq!(
        data["resume"],
        Value::Null,
        "the deleted résumé stays deleted"
    );
    h.app.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Attackers

#[tokio::test]
async fn every_dashboard_endpoint_refuses_a_request_without_a_valid_session() {
    let h = Harness::new().await;
    // A real session exists, so a forged token cannot match by accident of an empty table.
    h.sign_up("ana@example.org").await;
    let forged = [
        None,
        Some("A".repeat(43)),
        Some("bm90LWEtc2Vzc2lvbi10b2tlbi1hdC1hbGwtcmVhbGx5".to_string()),
        Some("x".to_string()),
        Some("y".repeat(4000)),
    ];
    for cookie in &forged {
        let cookie = cookie.as_deref();
        let what = cookie.map_or("no cookie".to_string(), |c| {
            format!("cookie of {} bytes", c.len())
        });
        for (path, args) in SERVER_FNS {
            let res = h.call(cookie, path, args).await;
            assert_eq!(res.status(), 401, "{path} with {what}");
            assert!(
                res.text().await.unwrap().contains("Unauthenticated"),
                "{path}"
            );
        }
        let res = h.save_as(cookie, &resume("Mallory", "x")).await;
        assert_eq!(res.status(), 401, "/api/resume/save with {what}");
        let res = h.preview(cookie, &resume("Mallory", "x"), "bento").await;
        assert_eq!(res.status(), 401, "/api/preview with {what}");
        let res = h
            .post(cookie, "/api/upload")
            .body(b"%PDF-1.7\n".to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "/api/upload with {what}");
    }
    let res = h
        .http
        .post(h.app.url("/api/dashboard"))
        .header("authorization", "Bearer not-a-token")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "a forged bearer token");

    let users = h.store().admin.admin_list_users().await.unwrap();
    assert_eq!(
        users.len(),
        1,
        "no request made or changed a row: {users:?}"
    );
    assert_eq!(users[0].username, "ana");
    assert!(!users[0].is_live);
    h.app.stop().await;
}

#[tokio::test]
async fn another_persons_calls_never_change_my_row() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    let bob = h.sign_up("bob@example.org").await;
    h.saved(&ana, &resume("Ana Original", "Mine.")).await;
    assert_eq!(h.publish(&ana, true).await.status(), 200);
    let ana_before = h.dashboard(&ana).await;

    // There are no id parameters to point at someone else; extra ones are ignored.
    let steps: [(&str, Vec<(&str, &str)>); 6] = [
        ("/api/publish", vec![("live", "true"), ("username", "ana")]),
        ("/api/style", vec![("style", "bento"), ("subject", "ana")]),
        ("/api/username/change", vec![("username", "bob-two")]),
        ("/api/publish", vec![("live", "false"), ("username", "ana")]),
        ("/api/resume/delete", vec![("username", "ana")]),
        ("/api/account/delete", vec![("confirm", "ana")]),
    ];
    let res = h.save(&bob, &resume("Bob Intruder", "Not Ana's.")).await;
    assert_eq!(res.status(), 200);
    for (path, args) in &steps {
        let res = h.call(Some(&bob), path, args).await;
        let status = res.status();
        assert!(status == 200 || status == 422, "{path}: {status}");
        let (status, page) = h.site("ana").await;
        assert_eq!(status, 200, "after Bob's {path}, Ana's site is up");
        assert!(
            page.contains("Ana Original") && !page.contains("Bob Intruder"),
            "{path}"
        );
        assert!(page.contains("page-simple"), "{path}: Ana's style");
        assert_eq!(
            h.dashboard(&ana).await,
            ana_before,
            "{path}: Ana's row is untouched"
        );
    }
    let res = h
        .call(Some(&bob), "/api/account/delete", &[("confirm", "bob-two")])
        .await;
    assert_eq!(res.status(), 200, "Bob deletes his own account");
    assert_eq!(h.dashboard(&ana).await, ana_before);
    assert_eq!(h.site("ana").await.0, 200);
    h.app.stop().await;
}

#[tokio::test]
async fn script_in_resume_fields_is_stored_as_text_and_escaped_on_the_public_page() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    let script = "<script>alert(1)</script>";
    let bullet = format!("Led a team {script} of five.");
    h.saved(&ana, &resume(script, &bullet)).await;
    let data = h.dashboard(&ana).await;
    assert_eq!(
        data["resume"]["personalInfo"]["name"], script,
        "stored as typed"
    );
    assert_eq!(
        data["resume"]["experience"][0]["description"][0],
        bullet.as_str()
    );

    assert_eq!(h.publish(&ana, true).await.status(), 200);
    let (status, page) = h.site("ana").await;
    assert_eq!(status, 200);
    assert!(
        !page.contains("<script>alert"),
        "no raw script from the résumé"
    );
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "shown as text"
    );
    h.app.stop().await;
}

#[tokio::test]
async fn a_mutation_from_another_site_is_refused_with_403_and_changes_nothing() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Ana Lima", "One.")).await;
    assert_eq!(h.publish(&ana, true).await.status(), 200);
    let before = h.dashboard(&ana).await;

    let cross_site = |path: &str| {
        h.http
            .post(h.app.url(path))
            .header("origin", "https://evil.example")
            .header("cookie", format!("__session={ana}"))
    };
    let attempts = [
        cross_site("/api/resume/save").json(&json!({ "resume": resume("Pwned", "x") })),
        cross_site("/api/publish").form(&[("live", "false")]),
        cross_site("/api/style").form(&[("style", "bento")]),
        cross_site("/api/username/change").form(&[("username", "pwned")]),
        cross_site("/api/resume/delete").form(&[("x", "")]),
        cross_site("/api/account/delete").form(&[("confirm", "ana")]),
        cross_site("/api/upload").body(b"%PDF-1.7\n".to_vec()),
    ];
    for attempt in attempts {
        let res = attempt.send().await.unwrap();
        assert_eq!(res.status(), 403, "{}", res.url());
    }
    assert_eq!(h.dashboard(&ana).await, before, "nothing changed");
    assert_eq!(h.site("ana").await.0, 200);
    h.app.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Uploads

#[tokio::test]
async fn uploading_a_pdf_answers_with_what_it_read_and_saves_nothing() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    let res = h
        .upload(&ana, dev_set("fresh-jane-fullstacker__even.pdf"))
        .await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        body["resume"]["personalInfo"]["name"],
        "Jane Q. Fullstacker"
    );
    assert_eq!(body["source"], "heuristic");
    assert_eq!(body["notice"], Value::Null);
    assert_eq!(h.saved_name(&ana).await, None, "an upload saves nothing");

    h.saved(&ana, &resume("Saved Person", "Mine.")).await;
    let res = h
        .upload(&ana, dev_set("fresh-jane-fullstacker__even.pdf"))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        h.saved_name(&ana).await.as_deref(),
        Some("Saved Person"),
        "the saved résumé stays until the person saves"
    );
    h.app.stop().await;
}

#[tokio::test]
async fn uploading_a_json_resume_or_a_vitae_json_file_maps_it() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Saved Person", "Mine.")).await;

    let res = h
        .upload(&ana, dev_set("fresh-jane-fullstacker__even.truth.json"))
        .await;
    assert_eq!(res.status(), 200, "a JSON Resume");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["source"], "json");
    let r = &body["resume"];
    assert_eq!(r["personalInfo"]["name"], "Jane Q. Fullstacker");
    assert_eq!(r["personalInfo"]["email"], "jdoe@onecoolstartup.io");
    assert!(
        r["experience"].as_array().is_some_and(|e| !e.is_empty()),
        "work becomes experience: {r}"
    );

    let wrkks = fixture("wrkks-sample-resume.json");
    for (bytes, name, why) in [
        (wrkks, "Ananya Kulkarni", "a résumé exported from Wrkks"),
        (
            format!("\u{feff}\n  {}", resume("Vitae Export", "x")).into_bytes(),
            "Vitae Export",
            "our own shape, after a byte-order mark and whitespace",
        ),
    ] {
        let res = h.upload(&ana, bytes).await;
        assert_eq!(res.status(), 200, "{why}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["source"], "json", "{why}");
        assert_eq!(body["resume"]["personalInfo"]["name"], name, "{why}");
    }
    assert_eq!(h.saved_name(&ana).await.as_deref(), Some("Saved Person"));
    h.app.stop().await;
}

#[tokio::test]
async fn uploads_that_are_not_a_pdf_or_json_or_are_empty_are_refused_and_change_nothing() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Saved Person", "Mine.")).await;
    let rows: [(&[u8], u16, &str, &str); 5] = [
        (
            b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
            415,
            "not a PDF",
            "a zip (.docx)",
        ),
        (
            b"<!DOCTYPE html><html><body>CV</body></html>",
            415,
            "not a PDF",
            "HTML",
        ),
        (b"", 400, "empty", "an empty body"),
        (b"  \n\t ", 400, "empty", "only whitespace"),
        (b"%PD", 415, "not a PDF", "a PDF cut short before its magic"),
    ];
    for (body, status, says, why) in rows {
        let res = h.upload(&ana, body.to_vec()).await;
        assert_eq!(res.status(), status, "{why}");
        let sentence = upload_error(res).await;
        assert!(sentence.contains(says), "{why}: {sentence}");
        assert_eq!(
            h.saved_name(&ana).await.as_deref(),
            Some("Saved Person"),
            "{why}: the saved résumé is intact"
        );
    }
    h.app.stop().await;
}

#[tokio::test]
async fn unreadable_pdfs_and_broken_json_get_422_with_a_sentence_and_change_nothing() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Saved Person", "Mine.")).await;
    let rows: [(Vec<u8>, &str, &str); 6] = [
        (
            fixture("no-text-layer.pdf"),
            "no text layer",
            "a scanned PDF",
        ),
        (
            fixture("encrypted-with-password.pdf"),
            "password-protected",
            "an encrypted PDF",
        ),
        (
            b"{\"basics\": {\"name\": ".to_vec(),
            "not valid JSON",
            "JSON cut short",
        ),
        (
            b"{\"name\": \"vitae\", \"version\": \"1.0.0\"}".to_vec(),
            "nothing in it reads as a résumé",
            "JSON that is not a résumé (a package.json)",
        ),
        (
            b"{\"personalInfo\": {}}".to_vec(),
            "nothing in it reads as a résumé",
            "our shape, empty",
        ),
        (
            b"%PDF-1.7\n% nothing else\n".to_vec(),
            "damaged",
            "a PDF with nothing in it",
        ),
    ];
    for (body, says, why) in rows {
        let res = h.upload(&ana, body).await;
        assert_eq!(res.status(), 422, "{why}");
        let sentence = upload_error(res).await;
        assert!(sentence.contains(says), "{why}: {sentence}");
        assert_eq!(
            h.saved_name(&ana).await.as_deref(),
            Some("Saved Person"),
            "{why}: the saved résumé is intact"
        );
    }
    h.app.stop().await;
}

#[tokio::test]
async fn a_pdf_that_explodes_in_memory_gets_422_while_the_server_keeps_answering() {
    let _measuring = support::MEASURING_MEMORY.lock().await;
    let h = Harness::new().await;
    support::reset_peak_rss();
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Saved Person", "Mine.")).await;
    let bomb = support::hostile::object_stream_bomb(1_000, 100_000);
    assert!(bomb.len() < 4096, "a small file: {} bytes", bomb.len());

    let upload = h.upload(&ana, bomb);
    let health = async {
        // The server answers while the worker swells and dies.
        for _ in 0..10 {
            let res = tokio::time::timeout(PATIENCE, h.http.get(h.app.url("/healthz")).send())
                .await
                .expect("/healthz answers during the upload")
                .unwrap();
            assert_eq!(res.status(), 200);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    let (res, ()) = tokio::join!(upload, health);
    assert_eq!(res.status(), 422);
    // The worker dies at its memory cap (or, on a slow machine, is killed at the time limit).
    let sentence = upload_error(res).await;
    assert!(
        sentence.contains("damaged") || sentence.contains("took too long"),
        "{sentence}"
    );
    assert_eq!(
        h.saved_name(&ana).await.as_deref(),
        Some("Saved Person"),
        "the saved résumé is intact"
    );
    // Read in this process, the file takes gigabytes; read in a worker, nothing here grows.
    let peak = support::peak_rss();
    assert!(peak < 500 * 1024 * 1024, "peak RSS {} MB", peak >> 20);
    // And the next upload is read as usual.
    let res = h
        .upload(&ana, dev_set("fresh-jane-fullstacker__even.pdf"))
        .await;
    assert_eq!(res.status(), 200);
    h.app.stop().await;
}

#[tokio::test]
async fn the_parse_worker_runs_with_no_secrets_in_its_environment() {
    let dir = tempfile::tempdir().unwrap();
    let seen = dir.path().join("env.txt");
    let worker = dir.path().join("worker.sh");
    std::fs::write(
        &worker,
        format!(
            "#!/bin/sh\nenv > '{}'\nexec '{}' \"$@\"\n",
            seen.display(),
            env!("CARGO_BIN_EXE_vitae")
        ),
    )
    .unwrap();
    let mut permissions = std::fs::metadata(&worker).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
    std::fs::set_permissions(&worker, permissions).unwrap();
    let worker = worker.display().to_string();
    let h = Harness::with(&[("PARSE_WORKER", worker.as_str())]).await;
    let ana = h.sign_up("ana@example.org").await;
    let res = h
        .upload(&ana, dev_set("fresh-jane-fullstacker__even.pdf"))
        .await;
    assert_eq!(res.status(), 200, "read through the wrapper");
    // This process's environment (PATH, HOME, cargo's variables, and in production the
    // database URL and keys) stays behind: only what the shell sets for itself is there.
    let env = std::fs::read_to_string(&seen).expect("the worker ran");
    for line in env.lines() {
        let name = line.split('=').next().unwrap_or_default();
        assert!(
            ["PWD", "OLDPWD", "SHLVL", "_"].contains(&name),
            "{name} reached the worker: {env}"
        );
    }
    h.app.stop().await;
}

/// The smallest limit the configuration accepts is 1 KB; 64 KB keeps the bodies small.
const SMALL_LIMIT: u64 = 64 * 1024;

#[tokio::test]
async fn an_upload_over_the_limit_is_refused_with_413_as_soon_as_it_is_over() {
    let limit = SMALL_LIMIT.to_string();
    let h = Harness::with(&[("MAX_UPLOAD_BYTES", &limit)]).await;
    let ana = h.sign_up("ana@example.org").await;
    h.saved(&ana, &resume("Saved Person", "Mine.")).await;
    assert_eq!(h.dashboard(&ana).await["max_upload_bytes"], SMALL_LIMIT);
    let sentence =
        "This file is larger than 64 KB. Export a smaller PDF (fewer images) and try again.";

    // One byte over, declared.
    let mut body = b"%PDF-1.7\n".to_vec();
    body.resize(SMALL_LIMIT as usize + 1, b' ');
    let res = h.upload(&ana, body).await;
    assert_eq!(res.status(), 413);
    assert_eq!(upload_error(res).await, sentence);

    // A declared length over the limit is refused before a byte of the body is read: the few
    // bytes sent are all there is, so a server that waited for the rest would time out instead.
    let head = raw_head(&h.app, &ana, "Content-Length: 10485760");
    let res = tokio::time::timeout(PATIENCE, raw_upload(&h.app, head, b"%PDF-1.7\n", None))
        .await
        .expect("413 arrives without the body");
    assert_eq!(res.status, 413, "{res:?}");
    assert!(res.body.contains(sentence), "{res:?}");

    // A body streamed slowly with no declared length, which would take over ten minutes to send
    // in full: the answer comes as soon as the limit is passed, and the connection is closed.
    let head = raw_head(&h.app, &ana, "Transfer-Encoding: chunked");
    let res = tokio::time::timeout(
        PATIENCE,
        raw_upload(&h.app, head, b"", Some(Duration::from_millis(50))),
    )
    .await
    .expect("413 arrives long before the body would end");
    assert_eq!(res.status, 413, "{res:?}");
    assert!(res.body.contains(sentence), "{res:?}");
    assert!(
        res.closed,
        "the server stopped reading: the connection is closed"
    );
    assert!(
        res.sent < 4 * 1024 * 1024,
        "the server did not drain the body ({} bytes sent)",
        res.sent
    );

    assert_eq!(
        h.saved_name(&ana).await.as_deref(),
        Some("Saved Person"),
        "the saved résumé is intact"
    );
    h.app.stop().await;
}

#[tokio::test]
async fn one_person_cannot_hold_every_upload_slot_with_slow_uploads() {
    let h = Harness::new().await;
    let ana = h.sign_up("ana@example.org").await;
    let bo = h.sign_up("bo@example.org").await;
    // Ana starts as many stalled uploads as there are shared slots (each sends its headers and
    // the first bytes of a large body, then nothing).
    let mut stalled = Vec::new();
    for _ in 0..16 {
        let mut stream = TcpStream::connect(h.app.base.trim_start_matches("http://"))
            .await
            .unwrap();
        let head = raw_head(&h.app, &ana, "Content-Length: 1000000");
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(b"%PDF-1.7\n").await.unwrap();
        stalled.push(stream);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Her next one is refused at once, with a sentence; nothing of hers is saved or lost.
    let res = tokio::time::timeout(
        Duration::from_secs(5),
        h.upload(&ana, dev_set("fresh-jane-fullstacker__even.pdf")),
    )
    .await
    .expect("refused at once, not queued");
    assert_eq!(res.status(), 429);
    assert!(upload_error(res).await.contains("other uploads"));
    // Bo is not behind her: his upload is read at once.
    let res = tokio::time::timeout(
        Duration::from_secs(10),
        h.upload(&bo, dev_set("fresh-jane-fullstacker__even.pdf")),
    )
    .await
    .expect("another person's upload does not wait for hers");
    assert_eq!(res.status(), 200);
    drop(stalled);
    h.app.stop().await;
}

/// The request line and headers of an upload sent by hand, `framing` saying how long the body is.
fn raw_head(app: &TestApp, token: &str, framing: &str) -> String {
    let host = app.base.trim_start_matches("http://");
    format!(
        "POST /api/upload HTTP/1.1\r\nHost: {host}\r\nOrigin: {}\r\nCookie: __session={token}\r\n\
         Content-Type: application/pdf\r\n{framing}\r\n\r\n",
        app.base
    )
}

#[derive(Debug)]
struct RawResponse {
    status: u16,
    body: String,
    /// The server closed the connection after answering.
    closed: bool,
    /// Body bytes written by the time the answer was read.
    sent: u64,
}

/// Sends `head` and `body` over a plain TCP connection; with `every`, then keeps sending a chunked
/// PDF-looking body, 8 KB per `every`, for as long as it takes (100 MB in all). Reads the answer
/// meanwhile.
async fn raw_upload(
    app: &TestApp,
    head: String,
    body: &'static [u8],
    every: Option<Duration>,
) -> RawResponse {
    use std::sync::atomic::{AtomicU64, Ordering};
    let stream = TcpStream::connect(app.base.trim_start_matches("http://"))
        .await
        .unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let sent = Arc::new(AtomicU64::new(0));
    let counter = sent.clone();
    let sending = tokio::spawn(async move {
        writer.write_all(head.as_bytes()).await?;
        writer.write_all(body).await?;
        let Some(every) = every else {
            // Keep the connection open, sending nothing more.
            return std::future::pending::<std::io::Result<()>>().await;
        };
        let mut chunk = vec![b' '; 8 * 1024];
        chunk[..9].copy_from_slice(b"%PDF-1.7\n");
        for _ in 0..12_800 {
            writer
                .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                .await?;
            writer.write_all(&chunk).await?;
            writer.write_all(b"\r\n").await?;
            counter.fetch_add(chunk.len() as u64, Ordering::Relaxed);
            chunk.fill(b' ');
            tokio::time::sleep(every).await;
        }
        writer.write_all(b"0\r\n\r\n").await?;
        Ok::<(), std::io::Error>(())
    });
    let (status, body) = read_response(&mut reader).await;
    let sent = sent.load(Ordering::Relaxed);
    // After answering, the server closes rather than reading on: end of stream or a reset.
    let mut rest = [0u8; 1024];
    let closed = matches!(
        tokio::time::timeout(Duration::from_secs(5), reader.read(&mut rest)).await,
        Ok(Ok(0) | Err(_))
    );
    sending.abort();
    RawResponse {
        status,
        body,
        closed,
        sent,
    }
}

/// Reads one HTTP/1.1 response with a `Content-Length`: its status and body.
async fn read_response(reader: &mut OwnedReadHalf) -> (u16, String) {
    let mut buf = Vec::new();
    let mut tmp = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        let n = reader.read(&mut tmp).await.expect("a response");
        assert!(n > 0, "the connection closed before a response");
        buf.extend_from_slice(&tmp[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a status line: {head}"));
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or_else(|| panic!("a Content-Length: {head}"));
    while buf.len() < head_end + length {
        let n = reader.read(&mut tmp).await.expect("the response body");
        assert!(n > 0, "the connection closed mid-response");
        buf.extend_from_slice(&tmp[..n]);
    }
    (
        status,
        String::from_utf8_lossy(&buf[head_end..head_end + length]).to_string(),
    )
}

#[tokio::test]
async fn the_preview_is_the_public_sites_drawing_of_the_unsaved_draft() {
    let h = Harness::new().await;
    let cookie = h.sign_up("ana@example.org").await;
    // A draft being typed: not valid yet (no name, a date that is not one), never saved.
    let mut draft = resume("", "Wrote <script>alert(1)</script> tests");
    draft["personalInfo"]["title"] = json!("Engineer & <b>writer</b>");
    draft["experience"][0]["startDate"] = json!("sometime");
    for style in ["simple", "bento"] {
        let res = h.preview(Some(&cookie), &draft, style).await;
        assert_eq!(res.status(), 200, "{style}");
        let html: String = res.json().await.unwrap();
        assert!(
            html.starts_with(&format!(r#"<div class="page page-{style} accent-violet">"#)),
            "{html}"
        );
        assert!(
            html.contains("Engineer &amp; &lt;b&gt;writer&lt;/b&gt;"),
            "{html}"
        );
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{html}"
        );
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{html}"
        );
    }
    let res = h.preview(Some(&cookie), &draft, "purple").await;
    assert!(res.status().is_client_error(), "an unknown style");
    let dashboard = h.dashboard(&cookie).await;
    assert_eq!(dashboard["resume"], Value::Null, "nothing was saved");
    h.app.stop().await;
}
