//! Clerk session verification, through HTTP, against a stand-in for Clerk: an axum server in the
//! test publishing a JWKS of RSA keys the test made, and the Backend API's user endpoint.
//!
//! The attack matrix: every forged, stale or foreign token is treated as no session at all (the
//! protected page redirects to sign-in) and creates no `users` row.

use std::{
    net::SocketAddr,
    sync::{
        atomic::{AtomicBool, AtomicUsize, Ordering},
        Arc, Mutex, OnceLock,
    },
    time::{SystemTime, UNIX_EPOCH},
};

use crate::support::TestApp;
use app::server::store::Stores;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::IntoResponse,
    routing::get,
    Json, Router,
};
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::{pkcs1::EncodeRsaPrivateKey, pkcs8::EncodePublicKey, traits::PublicKeyParts};
use serde_json::{json, Value};

const ISSUER: &str = "https://clerk.vitae.test";
const PARTY: &str = "https://vitae.example";
const SECRET: &str = "sk_test_0123456789abcdef";

/// An RSA key pair and its `kid`.
struct Key {
    kid: &'static str,
    private: rsa::RsaPrivateKey,
}

impl Key {
    fn jwk(&self) -> Value {
        let public = self.private.to_public_key();
        json!({
            "kty": "RSA", "use": "sig", "alg": "RS256", "kid": self.kid,
            "n": URL_SAFE_NO_PAD.encode(public.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(public.e().to_bytes_be()),
        })
    }
    fn encoding_key(&self) -> EncodingKey {
        EncodingKey::from_rsa_der(self.private.to_pkcs1_der().unwrap().as_bytes())
    }
    fn public_pem(&self) -> String {
        self.private
            .to_public_key()
            .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
            .unwrap()
    }
}

/// Two keys per test binary (RSA generation takes a moment).
fn keys() -> &'static (Key, Key) {
    static KEYS: OnceLock<(Key, Key)> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut rng = rand::thread_rng();
        (
            Key {
                kid: "ins_key_a",
                private: rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap(),
            },
            Key {
                kid: "ins_key_b",
                private: rsa::RsaPrivateKey::new(&mut rng, 2048).unwrap(),
            },
        )
    })
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// A session token's claims as Clerk issues them, for `sub`.
fn claims(sub: &str) -> Value {
    let t = now();
    json!({ "sub": sub, "iss": ISSUER, "azp": PARTY, "iat": t, "nbf": t - 10, "exp": t + 60, "sid": "sess_1" })
}

fn sign(claims: &Value, key: &Key) -> String {
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some(key.kid.to_string());
    jsonwebtoken::encode(&header, claims, &key.encoding_key()).unwrap()
}

/// What the stand-in Clerk serves, and what it saw.
#[derive(Default)]
struct FakeClerk {
    jwks: Mutex<Vec<Value>>,
    down: AtomicBool,
    jwks_fetches: AtomicUsize,
    user_lookups: AtomicUsize,
    /// Where the stand-in's image host is (`http://…/img`); the users' `image_url` points there.
    images: OnceLock<String>,
}

async fn jwks(State(clerk): State<Arc<FakeClerk>>) -> impl IntoResponse {
    clerk.jwks_fetches.fetch_add(1, Ordering::SeqCst);
    if clerk.down.load(Ordering::SeqCst) {
        return StatusCode::SERVICE_UNAVAILABLE.into_response();
    }
    Json(json!({ "keys": *clerk.jwks.lock().unwrap() })).into_response()
}

async fn user(
    State(clerk): State<Arc<FakeClerk>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> impl IntoResponse {
    clerk.user_lookups.fetch_add(1, Ordering::SeqCst);
    if headers.get("authorization").and_then(|v| v.to_str().ok())
        != Some(&format!("Bearer {SECRET}"))
    {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    // Clerk gives every user an `image_url` (a generated avatar without a picture of their own);
    // `has_image` says whether they set one. `user_avatar` has a picture; the others do not.
    let has_image = id == "user_avatar";
    let image_url = format!(
        "{}/{}.png",
        clerk.images.get().map(String::as_str).unwrap_or(""),
        if has_image { "avatar" } else { "generated" }
    );
    Json(json!({
        "id": id,
        "image_url": image_url,
        "has_image": has_image,
        "primary_email_address_id": "idn_2",
        "email_addresses": [
            { "id": "idn_1", "email_address": "old.address@example.org" },
            { "id": "idn_2", "email_address": "Ana.Maria@Example.org" },
        ],
    }))
    .into_response()
}

/// Clerk's image host: a 300 × 200 PNG with a text chunk (metadata that must not survive).
async fn image(Path(file): Path<String>) -> impl IntoResponse {
    let mut png = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut png, 300, 200);
        encoder.set_color(png::ColorType::Rgb);
        encoder
            .add_text_chunk("Comment".into(), "taken at 47.6062 N".into())
            .unwrap();
        let mut writer = encoder.write_header().unwrap();
        let shade = if file == "avatar.png" { 40 } else { 200 };
        writer.write_image_data(&[shade; 300 * 200 * 3]).unwrap();
    }
    ([("content-type", "image/png")], png)
}

struct Setup {
    app: TestApp,
    clerk: Arc<FakeClerk>,
    store: Stores,
    http: reqwest::Client,
}

/// The app with AUTH_PROVIDER=clerk, pointed at a stand-in Clerk publishing key A.
async fn setup() -> Setup {
    let (a, _) = keys();
    let clerk = Arc::new(FakeClerk::default());
    clerk.jwks.lock().unwrap().push(a.jwk());
    let router = Router::new()
        .route("/.well-known/jwks.json", get(jwks))
        .route("/v1/users/{id}", get(user))
        .route("/img/{file}", get(image))
        .with_state(clerk.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    clerk.images.set(format!("http://{addr}/img")).unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    let publishable = format!("pk_test_{}", URL_SAFE_NO_PAD.encode("clerk.vitae.test$"));
    let jwks_url = format!("http://{addr}/.well-known/jwks.json");
    let api_url = format!("http://{addr}");
    let app = TestApp::spawn_with(&[
        ("AUTH_PROVIDER", "clerk"),
        ("CLERK_PUBLISHABLE_KEY", &publishable),
        ("CLERK_SECRET_KEY", SECRET),
        ("CLERK_JWKS_URL", &jwks_url),
        ("CLERK_ISSUER", ISSUER),
        ("CLERK_AUTHORIZED_PARTIES", PARTY),
        ("CLERK_API_URL", &api_url),
    ])
    .await;
    let store = app.store.clone();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    Setup {
        app,
        clerk,
        store,
        http,
    }
}

impl Setup {
    /// GET /dashboard with `token` in Clerk's `__session` cookie.
    async fn dashboard_with_cookie(&self, token: &str) -> reqwest::Response {
        self.http
            .get(self.app.url("/dashboard"))
            .header("cookie", format!("__session={token}"))
            .send()
            .await
            .unwrap()
    }

    async fn assert_rejected(&self, token: &str, sub: &str, why: &str) {
        let res = self.dashboard_with_cookie(token).await;
        assert_eq!(res.status(), 303, "{why}: the dashboard must redirect");
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with("/sign-in"),
            "{why}"
        );
        assert!(
            self.store
                .people
                .find_by_subject(sub)
                .await
                .unwrap()
                .is_none(),
            "{why}: no row may be created"
        );
    }
}

#[tokio::test]
async fn a_valid_token_is_accepted_and_creates_the_row_with_the_primary_email() {
    let s = setup().await;
    let token = sign(&claims("user_valid"), &keys().0);
    let res = s.dashboard_with_cookie(&token).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap();
    assert!(html.contains("ana.maria@example.org"), "{html}");
    let row = s
        .store
        .people
        .find_by_subject("user_valid")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.email, "ana.maria@example.org", "the primary address");
    assert_eq!(row.username, "ana-maria");
    assert_eq!(row.resume, Ok(None));

    // A second request finds the row: no second Backend API call (cached or not needed).
    let res = s
        .http
        .get(s.app.url("/dashboard"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "Authorization: Bearer works too");
    assert_eq!(s.clerk.user_lookups.load(Ordering::SeqCst), 1);
    s.app.stop().await;
}

#[tokio::test]
async fn an_email_in_the_session_claims_is_used_without_asking_the_backend_api() {
    let s = setup().await;
    let mut c = claims("user_claims");
    c["email"] = json!("Bo@Example.org");
    let res = s.dashboard_with_cookie(&sign(&c, &keys().0)).await;
    assert_eq!(res.status(), 200);
    let row = s
        .store
        .people
        .find_by_subject("user_claims")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.email, "bo@example.org");
    assert_eq!(row.username, "bo0");
    assert_eq!(s.clerk.user_lookups.load(Ordering::SeqCst), 0);
    s.app.stop().await;
}

#[tokio::test]
async fn an_address_changed_at_the_provider_reaches_the_row_on_the_next_request() {
    let s = setup().await;
    let mut c = claims("user_moves");
    c["email"] = json!("first@example.org");
    let res = s.dashboard_with_cookie(&sign(&c, &keys().0)).await;
    assert_eq!(res.status(), 200);
    c["email"] = json!("Second@Example.org");
    let res = s.dashboard_with_cookie(&sign(&c, &keys().0)).await;
    assert_eq!(res.status(), 200);
    let row = s
        .store
        .people
        .find_by_subject("user_moves")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.email, "second@example.org", "the new address is kept");
    assert_eq!(row.username, "first", "the username stays");
    s.app.stop().await;
}

#[tokio::test]
async fn an_expired_token_is_rejected() {
    let s = setup().await;
    let mut c = claims("user_expired");
    c["exp"] = json!(now() - 30);
    c["iat"] = json!(now() - 120);
    s.assert_rejected(&sign(&c, &keys().0), "user_expired", "expired")
        .await;
}

#[tokio::test]
async fn a_token_not_yet_valid_is_rejected() {
    let s = setup().await;
    let mut c = claims("user_early");
    c["nbf"] = json!(now() + 60);
    s.assert_rejected(&sign(&c, &keys().0), "user_early", "nbf in the future")
        .await;
    let mut c = claims("user_early");
    c["iat"] = json!(now() + 60);
    s.assert_rejected(&sign(&c, &keys().0), "user_early", "iat in the future")
        .await;
}

#[tokio::test]
async fn a_token_from_another_issuer_is_rejected() {
    let s = setup().await;
    let mut c = claims("user_iss");
    c["iss"] = json!("https://clerk.someone-else.test");
    s.assert_rejected(&sign(&c, &keys().0), "user_iss", "wrong iss")
        .await;
}

#[tokio::test]
async fn a_token_for_another_authorized_party_is_rejected() {
    let s = setup().await;
    let mut c = claims("user_azp");
    c["azp"] = json!("https://evil.example");
    s.assert_rejected(&sign(&c, &keys().0), "user_azp", "wrong azp")
        .await;
    let mut c = claims("user_azp");
    c.as_object_mut().unwrap().remove("azp");
    s.assert_rejected(&sign(&c, &keys().0), "user_azp", "no azp")
        .await;
}

#[tokio::test]
async fn a_token_without_a_subject_is_rejected() {
    let s = setup().await;
    let mut c = claims("");
    s.assert_rejected(&sign(&c, &keys().0), "", "empty sub")
        .await;
    c.as_object_mut().unwrap().remove("sub");
    let res = s.dashboard_with_cookie(&sign(&c, &keys().0)).await;
    assert_eq!(res.status(), 303, "no sub");
}

#[tokio::test]
async fn unknown_kids_are_rejected_without_a_jwks_fetch_storm() {
    let s = setup().await;
    // Warm the cache with a valid token.
    let ok = sign(&claims("user_storm_ok"), &keys().0);
    assert_eq!(s.dashboard_with_cookie(&ok).await.status(), 200);
    let fetches_before = s.clerk.jwks_fetches.load(Ordering::SeqCst);
    for i in 0..20 {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(format!("forged_{i}"));
        let token =
            jsonwebtoken::encode(&header, &claims("user_storm"), &keys().0.encoding_key()).unwrap();
        s.assert_rejected(&token, "user_storm", "unknown kid").await;
    }
    let refetches = s.clerk.jwks_fetches.load(Ordering::SeqCst) - fetches_before;
    assert!(
        refetches <= 1,
        "{refetches} JWKS fetches for 20 forged kids"
    );
    // A token without any kid is rejected too.
    let token = jsonwebtoken::encode(
        &Header::new(Algorithm::RS256),
        &claims("user_storm"),
        &keys().0.encoding_key(),
    )
    .unwrap();
    s.assert_rejected(&token, "user_storm", "no kid").await;
    s.app.stop().await;
}

#[tokio::test]
async fn a_token_signed_with_a_key_deleted_from_the_jwks_is_rejected() {
    let s = setup().await;
    // Key B signed sessions once; the instance rotated it out, the JWKS publishes only A.
    let token = sign(&claims("user_deleted_key"), &keys().1);
    s.assert_rejected(&token, "user_deleted_key", "deleted key")
        .await;
    // Key A still works: the JWKS was fetched, and the rejection was about the key.
    let ok = sign(&claims("user_current_key"), &keys().0);
    assert_eq!(s.dashboard_with_cookie(&ok).await.status(), 200);
    s.app.stop().await;
}

#[tokio::test]
async fn alg_none_is_rejected() {
    let s = setup().await;
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT","kid":"ins_key_a"}"#);
    let payload = URL_SAFE_NO_PAD.encode(claims("user_none").to_string());
    for token in [
        format!("{header}.{payload}."),
        format!("{header}.{payload}"),
    ] {
        s.assert_rejected(&token, "user_none", "alg none").await;
    }
}

#[tokio::test]
async fn an_hs256_token_signed_with_the_public_key_is_rejected() {
    let s = setup().await;
    let mut header = Header::new(Algorithm::HS256);
    header.kid = Some(keys().0.kid.to_string());
    let pem = keys().0.public_pem();
    let token = jsonwebtoken::encode(
        &header,
        &claims("user_hs256"),
        &EncodingKey::from_secret(pem.as_bytes()),
    )
    .unwrap();
    s.assert_rejected(&token, "user_hs256", "HS256 with the public key")
        .await;
}

#[tokio::test]
async fn a_tampered_payload_is_rejected() {
    let s = setup().await;
    let token = sign(&claims("user_honest"), &keys().0);
    let mut parts: Vec<String> = token.split('.').map(String::from).collect();
    let mut c = claims("user_tampered");
    c["exp"] = json!(now() + 3600);
    parts[1] = URL_SAFE_NO_PAD.encode(c.to_string());
    s.assert_rejected(&parts.join("."), "user_tampered", "tampered")
        .await;
}

#[tokio::test]
async fn a_garbage_cookie_is_no_session() {
    let s = setup().await;
    for garbage in [
        "x",
        "a.b.c",
        "....",
        "%00%ff",
        "eyJhbGciOiJSUzI1NiJ9.e30.AAAA",
    ] {
        s.assert_rejected(garbage, "user_garbage", garbage).await;
    }
}

#[tokio::test]
async fn an_oversized_header_is_refused_without_creating_a_row() {
    let s = setup().await;
    let mut c = claims("user_big");
    c["pad"] = json!("x".repeat(20_000));
    let token = sign(&c, &keys().0);
    let res = s.dashboard_with_cookie(&token).await;
    assert!(
        [303, 431].contains(&res.status().as_u16()),
        "{}",
        res.status()
    );
    assert!(s
        .store
        .people
        .find_by_subject("user_big")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn valid_tokens_keep_working_while_the_jwks_endpoint_is_down() {
    let s = setup().await;
    let token = sign(&claims("user_outage"), &keys().0);
    assert_eq!(s.dashboard_with_cookie(&token).await.status(), 200);
    s.clerk.down.store(true, Ordering::SeqCst);
    // A forged kid makes the app try the (failing) endpoint; the cached keys must survive it.
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("forged".into());
    let forged =
        jsonwebtoken::encode(&header, &claims("user_outage"), &keys().0.encoding_key()).unwrap();
    assert_eq!(s.dashboard_with_cookie(&forged).await.status(), 303);
    assert_eq!(s.dashboard_with_cookie(&token).await.status(), 200);
    s.app.stop().await;
}

#[tokio::test]
async fn ten_concurrent_first_requests_of_a_new_subject_make_one_row_and_all_succeed() {
    let s = setup().await;
    let token = sign(&claims("user_race"), &keys().0);
    let results = futures::future::join_all((0..10).map(|_| s.dashboard_with_cookie(&token))).await;
    for res in results {
        assert_eq!(res.status(), 200);
    }
    let rows = s.store.admin.admin_list_users().await.unwrap();
    assert_eq!(
        rows.iter()
            .filter(|r| r.username.starts_with("ana-maria"))
            .count(),
        1
    );
    s.app.stop().await;
}

#[tokio::test]
async fn a_taken_username_gets_a_suffix_instead_of_losing_the_row() {
    let s = setup().await;
    for (i, sub) in ["user_one", "user_two", "user_three"].iter().enumerate() {
        let res = s
            .dashboard_with_cookie(&sign(&claims(sub), &keys().0))
            .await;
        assert_eq!(res.status(), 200, "{sub}");
        let row = s.store.people.find_by_subject(sub).await.unwrap().unwrap();
        let expected = ["ana-maria", "ana-maria-2", "ana-maria-3"][i];
        assert_eq!(row.username, expected);
    }
    s.app.stop().await;
}

#[tokio::test]
async fn the_account_picture_becomes_a_vitae_photo_and_none_is_made_up() {
    let s = setup().await;
    let use_picture = |token: String| {
        s.http
            .post(s.app.url("/api/photo/account"))
            .header("origin", &s.app.base)
            .header("cookie", format!("__session={token}"))
            .header("content-type", "application/json")
            .body("{}")
            .send()
    };

    let token = sign(&claims("user_avatar"), &keys().0);
    let res = use_picture(token.clone()).await.unwrap();
    assert_eq!(res.status(), 200);
    let url: String = res.json().await.unwrap();
    let path = &url[url.find("/photos/").expect("a Vitae photo URL")..];
    let row = s
        .store
        .people
        .find_by_subject("user_avatar")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        row.resume.unwrap().unwrap().personal_info.image_url,
        url,
        "the saved résumé points at it"
    );
    // Served by Vitae, re-encoded: a square JPEG without the PNG's text.
    let jpeg = s
        .http
        .get(s.app.url(path))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8], "a JPEG");
    assert!(!jpeg.windows(7).any(|w| w == b"47.6062"), "no metadata");
    let decoded = image::load_from_memory(&jpeg).unwrap();
    assert_eq!(decoded.width(), decoded.height(), "cropped square");

    // Clerk's generated avatar is not a picture of the person: nothing is stored.
    let token = sign(&claims("user_plain"), &keys().0);
    let res = use_picture(token).await.unwrap();
    assert_eq!(res.status(), 422);
    let body = res.text().await.unwrap();
    assert!(body.contains("no picture of its own"), "{body}");
    let row = s
        .store
        .people
        .find_by_subject("user_plain")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.resume, Ok(None), "nothing was saved");
    s.app.stop().await;
}
