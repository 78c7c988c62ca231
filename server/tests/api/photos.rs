//! Photos over HTTP: `POST /api/photo` re-encodes what it is given (no metadata survives), the
//! saved résumé's `imageUrl` points at `/photos/{id}.jpg`, served immutable, shown by both
//! styles; a new photo replaces the old one (whose URL then answers 404); removing it goes back
//! to initials. And the refusals: not signed in, another site, not an image, too large.

use crate::support::TestApp;
use image::{codecs::jpeg::JpegEncoder, RgbImage};
use reqwest::{redirect, Client, Response, StatusCode};
use serde_json::{json, Value};

struct Person {
    app: TestApp,
    http: Client,
    cookie: String,
}

impl Person {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let http = Client::builder()
            .redirect(redirect::Policy::none())
            .build()
            .unwrap();
        let cookie = app.sign_up(&http, "ada@example.org").await;
        Self { app, http, cookie }
    }

    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .post(self.app.url(path))
            .header("origin", &self.app.base)
            .header("cookie", format!("__session={}", self.cookie))
    }

    async fn upload(&self, body: Vec<u8>) -> Response {
        self.post("/api/photo")
            .header("content-type", "image/jpeg")
            .body(body)
            .send()
            .await
            .unwrap()
    }

    async fn saved_resume(&self) -> Value {
        let res = self
            .post("/api/dashboard")
            .form(&[("", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        res.json::<Value>().await.unwrap()["resume"].clone()
    }

    async fn get(&self, path: &str) -> Response {
        self.http.get(self.app.url(path)).send().await.unwrap()
    }

    /// The colour at the centre of the photo's circle in `/ada/og.png`, rounded to tens (JPEG).
    async fn og_centre(&self) -> [u8; 3] {
        let res = self.get("/ada/og.png").await;
        assert_eq!(res.status(), 200);
        let png = image::load_from_memory(&res.bytes().await.unwrap())
            .unwrap()
            .to_rgb8();
        png.get_pixel(190, 315)
            .0
            .map(|c| ((u16::from(c) + 5) / 10 * 10).min(255) as u8)
    }
}

/// A photo as a phone writes it: a JPEG with an EXIF segment holding where it was taken.
fn phone_photo(colour: [u8; 3]) -> Vec<u8> {
    let img = RgbImage::from_pixel(800, 600, image::Rgb(colour));
    let mut plain = Vec::new();
    JpegEncoder::new_with_quality(&mut plain, 90)
        .encode_image(&img)
        .unwrap();
    let payload = b"Exif\0\0MM\0*GPSLatitude 47.6062 N";
    let mut out = plain[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&((payload.len() + 2) as u16).to_be_bytes());
    out.extend_from_slice(payload);
    out.extend_from_slice(&plain[2..]);
    out
}

#[tokio::test]
async fn a_photo_is_re_encoded_served_for_a_year_shown_by_both_styles_replaced_and_removed() {
    let me = Person::new().await;
    let resume = json!({ "personalInfo": { "name": "Ada Lovelace" } });
    let res = me
        .post("/api/resume/save")
        .json(&json!({ "resume": resume }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = me
        .post("/api/publish")
        .form(&[("live", "true")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let res = me.upload(phone_photo([200, 80, 40])).await;
    assert_eq!(res.status(), 200);
    let url = res.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    // Absolute, on PUBLIC_BASE_URL (Wrkks reads the field too).
    let path = url[url.find("/photos/").expect("a Vitae photo URL")..].to_string();
    assert!(
        path.starts_with("/photos/") && path.ends_with(".jpg"),
        "{path}"
    );
    assert_eq!(me.saved_resume().await["personalInfo"]["imageUrl"], url);
    assert_eq!(
        me.saved_resume().await["personalInfo"]["name"],
        "Ada Lovelace",
        "the rest is kept"
    );

    let served = me.get(&path).await;
    assert_eq!(served.status(), 200);
    assert_eq!(served.headers()["content-type"], "image/jpeg");
    assert_eq!(
        served.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let bytes = served.bytes().await.unwrap();
    assert!(!bytes.windows(4).any(|w| w == b"Exif") && !bytes.windows(3).any(|w| w == b"GPS"));
    let decoded = image::load_from_memory(&bytes).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (400, 400), "square");

    for style in ["simple", "bento"] {
        let res = me
            .post("/api/style")
            .form(&[("style", style)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        let page = me.get("/ada").await.text().await.unwrap();
        assert!(
            page.contains(&format!(r#"class="avatar" src="{url}""#))
                || page.contains(&format!(r#"src="{url}""#)),
            "{style} shows the photo"
        );
    }
    assert_eq!(
        me.og_centre().await,
        [200, 80, 40],
        "the link preview shows the photo"
    );

    let res = me.upload(phone_photo([20, 80, 200])).await;
    assert_eq!(res.status(), 200);
    let replaced = res.json::<Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(replaced, url, "a new photo is a new URL");
    assert_eq!(
        me.get(&path).await.status(),
        StatusCode::NOT_FOUND,
        "the old one is gone"
    );

    let res = me
        .post("/api/photo/remove")
        .form(&[] as &[(&str, &str)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let gone = &replaced[replaced.find("/photos/").unwrap()..];
    assert_eq!(me.get(gone).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(me.saved_resume().await["personalInfo"]["imageUrl"], "");
    let page = me.get("/ada").await.text().await.unwrap();
    assert!(page.contains("avatar-initials") && !page.contains("/photos/"));
    let [r, g, b] = me.og_centre().await;
    assert!(
        g > r && g > b,
        "the link preview is back to initials: {r},{g},{b}"
    );
    me.app.stop().await;
}

#[tokio::test]
async fn photo_uploads_are_refused_with_a_reason_and_names_are_not_looked_up_blindly() {
    let me = Person::new().await;
    let anonymous = me
        .http
        .post(me.app.url("/api/photo"))
        .header("origin", &me.app.base)
        .body(phone_photo([1, 2, 3]))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let cross_site = me
        .http
        .post(me.app.url("/api/photo"))
        .header("origin", "https://evil.example")
        .header("cookie", format!("__session={}", me.cookie))
        .body(phone_photo([1, 2, 3]))
        .send()
        .await
        .unwrap();
    assert_eq!(cross_site.status(), StatusCode::FORBIDDEN);

    let pdf = me.upload(b"%PDF-1.7\n%not a photo".to_vec()).await;
    assert_eq!(pdf.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(pdf
        .text()
        .await
        .unwrap()
        .contains("not a JPEG, PNG or WebP"));

    let huge = me.upload(vec![0xFF; 11 * 1024 * 1024]).await;
    assert_eq!(huge.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(me.saved_resume().await, Value::Null, "nothing was saved");

    for path in [
        "/photos/00000000000000000000000000000000.jpg",
        "/photos/..%2F..%2Fetc%2Fpasswd",
        "/photos/ABCDEF.jpg",
    ] {
        assert_eq!(me.get(path).await.status(), StatusCode::NOT_FOUND, "{path}");
    }
    me.app.stop().await;
}
