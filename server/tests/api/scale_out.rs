//! Three instances behind one transaction-mode pgbouncer and one Postgres, as behind Supabase's
//! Supavisor on port 6543: every request of a concurrent mix succeeds, sessions and sign-outs
//! hold on every instance, an unpublished page is gone from every instance, and limits are
//! shared — counted once for all, per real client address behind a trusted proxy.

use std::time::{Duration, Instant};

use crate::support::{self, session_cookie, TestApp, PASSWORD};
use reqwest::{redirect, Client, Response, StatusCode};
use serde_json::{json, Value};

/// `n` instances on one fresh database, reached through pgbouncer in transaction mode; migrated
/// over the direct connection first, as an operator does.
async fn instances(n: usize, extra: &[(&str, &str)]) -> (Vec<TestApp>, String) {
    let direct = support::postgres::server().fresh_database().await;
    let name = direct.rsplit('/').next().unwrap().to_string();
    let pooled = support::postgres::pgbouncer().url(&name);
    // The first instance migrates (over the direct connection); the others start on the result.
    let mut first = vec![
        ("DATABASE_URL", pooled.as_str()),
        ("DATABASE_POOL_MODE", "transaction"),
        ("DATABASE_DIRECT_URL", direct.as_str()),
        ("AUTO_MIGRATE", "true"),
    ];
    first.extend_from_slice(extra);
    let mut apps = vec![TestApp::spawn_with(&first).await];
    let mut others = vec![
        ("DATABASE_URL", pooled.as_str()),
        ("DATABASE_POOL_MODE", "transaction"),
        ("AUTO_MIGRATE", "false"),
    ];
    others.extend_from_slice(extra);
    for _ in 1..n {
        apps.push(TestApp::spawn_with(&others).await);
    }
    (apps, direct)
}

fn client() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

async fn form(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    cookie: Option<&str>,
) -> Response {
    let mut req = client()
        .post(app.url(path))
        .header("accept", "text/html")
        .form(fields);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("__session={c}"));
    }
    req.send().await.unwrap()
}

async fn call(
    app: &TestApp,
    path: &str,
    fields: &[(&str, &str)],
    cookie: Option<&str>,
) -> Response {
    let mut req = client().post(app.url(path)).form(fields);
    if let Some(c) = cookie {
        req = req.header("cookie", format!("__session={c}"));
    }
    req.send().await.unwrap()
}

async fn save(app: &TestApp, cookie: &str, name: &str) -> Response {
    client()
        .post(app.url("/api/resume/save"))
        .header("cookie", format!("__session={cookie}"))
        .json(&json!({ "resume": { "personalInfo": { "name": name } } }))
        .send()
        .await
        .unwrap()
}

async fn site(app: &TestApp, username: &str) -> StatusCode {
    client()
        .get(app.url(&format!("/{username}")))
        .send()
        .await
        .unwrap()
        .status()
}

/// One person's whole visit, spread over the three instances; the failures it met.
async fn journey(apps: &[TestApp], i: usize) -> Vec<String> {
    let (a, b, c) = (&apps[i % 3], &apps[(i + 1) % 3], &apps[(i + 2) % 3]);
    let mut failures = Vec::new();
    let mut expect = |what: &str, got: StatusCode, want: u16| {
        if got.as_u16() != want {
            failures.push(format!("person {i}: {what}: {got}"));
        }
    };
    let email = format!("p{i}-{}@example.org", uuid::Uuid::new_v4().simple());
    let res = form(
        a,
        "/api/sign-up",
        &[("email", &email), ("password", PASSWORD)],
        None,
    )
    .await;
    expect("sign-up", res.status(), 302);
    let Some(first) = session_cookie(&res) else {
        return failures;
    };
    let res = form(
        b,
        "/api/sign-in",
        &[("email", &email), ("password", PASSWORD)],
        None,
    )
    .await;
    expect("sign-in on another instance", res.status(), 302);
    let Some(second) = session_cookie(&res) else {
        return failures;
    };
    let res = call(c, "/api/dashboard", &[], Some(&first)).await;
    expect("the first session on a third instance", res.status(), 200);
    let username = res.json::<Value>().await.map_or(String::new(), |d| {
        d["username"].as_str().unwrap_or_default().to_string()
    });
    expect(
        "save",
        save(a, &second, &format!("Person {i}")).await.status(),
        200,
    );
    expect(
        "publish",
        call(b, "/api/publish", &[("live", "true")], Some(&second))
            .await
            .status(),
        200,
    );
    expect("the live site", site(c, &username).await, 200);
    expect(
        "sign-out",
        form(c, "/api/sign-out", &[], Some(&first)).await.status(),
        302,
    );
    for app in apps {
        expect(
            "a signed-out session on any instance",
            call(app, "/api/dashboard", &[], Some(&first))
                .await
                .status(),
            401,
        );
    }
    expect(
        "the other session still works",
        call(a, "/api/dashboard", &[], Some(&second)).await.status(),
        200,
    );
    failures
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_people_at_once_over_three_instances_through_pgbouncer_meet_no_failure() {
    let (apps, _) = instances(3, &[]).await;
    let journeys = (0..16).map(|i| journey(&apps, i));
    let failures: Vec<String> = futures::future::join_all(journeys)
        .await
        .into_iter()
        .flatten()
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    for app in apps {
        app.stop().await;
    }
}

/// Signs up on `app` and publishes a résumé; returns the session and the username.
async fn published(app: &TestApp) -> (String, String) {
    let email = format!("ada-{}@example.org", uuid::Uuid::new_v4().simple());
    let cookie = app.sign_up(&client(), &email).await;
    assert_eq!(save(app, &cookie, "Ada").await.status(), 200);
    let res = call(app, "/api/publish", &[("live", "true")], Some(&cookie)).await;
    assert_eq!(res.status(), 200);
    let data: Value = call(app, "/api/dashboard", &[], Some(&cookie))
        .await
        .json()
        .await
        .unwrap();
    (cookie, data["username"].as_str().unwrap().to_string())
}

/// One instance publishes a page, a second (the watcher: with `DATABASE_DIRECT_URL` when
/// `listening`) serves and caches it, then the first unpublishes it. Returns both and the name.
async fn unpublished_elsewhere(listening: bool) -> (TestApp, TestApp, String) {
    let (mut apps, direct) = instances(1, &[]).await;
    let writer = apps.remove(0);
    let mut vars = vec![
        ("DATABASE_URL", writer.db_url()),
        ("DATABASE_POOL_MODE", "transaction"),
        ("AUTO_MIGRATE", "false"),
    ];
    if listening {
        vars.push(("DATABASE_DIRECT_URL", &direct));
    }
    let watcher = TestApp::spawn_with(&vars).await;
    let (cookie, username) = published(&writer).await;
    assert_eq!(site(&watcher, &username).await, 200, "cached now");
    let res = call(&writer, "/api/publish", &[("live", "false")], Some(&cookie)).await;
    assert_eq!(res.status(), 200);
    (writer, watcher, username)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_unpublished_page_is_never_served_by_an_instance_that_cannot_hear_changes() {
    // No direct connection: no LISTEN through a transaction pooler.
    let (writer, watcher, username) = unpublished_elsewhere(false).await;
    // Past the longest a page is served unchecked, it is checked before it is served: gone.
    tokio::time::sleep(app::server::site_cache::MAX_UNCHECKED + Duration::from_millis(100)).await;
    for _ in 0..5 {
        assert_eq!(site(&watcher, &username).await, 404);
    }
    watcher.stop().await;
    writer.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_instance_with_a_direct_connection_hears_an_unpublish_made_elsewhere() {
    let (writer, watcher, username) = unpublished_elsewhere(true).await;
    // Heard through the trigger's NOTIFY, well before the page would be checked anyway.
    let start = Instant::now();
    while site(&watcher, &username).await != 404 {
        assert!(
            start.elapsed() < app::server::site_cache::MAX_UNCHECKED / 2,
            "the unpublished page was still served"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    watcher.stop().await;
    writer.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_wrong_passwords_round_robin_are_limited_once_for_all_instances() {
    let (apps, _) = instances(3, &[("TRUSTED_PROXIES", "127.0.0.1/32")]).await;
    let owner = format!("owner-{}@example.org", uuid::Uuid::new_v4().simple());
    let victim = format!("victim-{}@example.org", uuid::Uuid::new_v4().simple());
    apps[1].sign_up(&client(), &owner).await;
    apps[1].sign_up(&client(), &victim).await;
    // Behind a proxy on 127.0.0.1 (trusted): the attacker's real address is in the header.
    let attempt = |app: &TestApp, email: &str, password: &str, from: &str| {
        client()
            .post(app.url("/api/sign-in"))
            .header("x-forwarded-for", from)
            .form(&[("email", email), ("password", password)])
            .send()
    };
    let mut statuses = Vec::new();
    for i in 0..30 {
        let res = attempt(&apps[i % 3], &victim, "guess guess", "198.51.100.7")
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    let refused = statuses.iter().filter(|&&s| s == 429).count();
    assert_eq!(
        refused, 20,
        "one allowance of 10 for all instances: {statuses:?}"
    );
    // Another person, from their own address, signs in on any instance.
    for app in &apps {
        let res = attempt(app, &owner, PASSWORD, "203.0.113.50")
            .await
            .unwrap();
        assert!(
            res.status().is_success() || res.status().is_redirection(),
            "the owner of another account signs in: {}",
            res.status()
        );
    }
    for app in apps {
        app.stop().await;
    }
}
