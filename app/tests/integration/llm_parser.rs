//! The LLM parser against a local OpenAI-compatible server that speaks the real protocol: it
//! checks each request (model, schema, temperature, auth header) and answers as scripted — a good
//! result, invalid JSON, a schema violation, a 429, 500s, a hang, a refusal. Each test asserts
//! what the person gets.

use crate::support;
use std::{
    collections::VecDeque,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use app::{
    server::{
        config::{LlmConfig, ParserConfig, ResponseFormat, Secret},
        parse::{
            schema::{project, resume_schema},
            worker::Isolation,
            Parser, ReadFailure,
        },
    },
    wire::{ResumeSource, UploadedResume},
};
use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use serde_json::{json, Value};

const KEY: &str = "sk-test-0123456789-secret";
const MODEL: &str = "test-model";
const PDF: &str = "../resume/tests/fixtures/nurse-word.pdf";

/// One scripted answer of the fake provider.
#[derive(Clone)]
enum Reply {
    /// 200 with this text as `choices[0].message.content`.
    Content(String),
    /// 200 with a `refusal`.
    Refusal,
    /// This status and body.
    Status(u16, String),
    /// Never answers in time.
    Hang,
}

#[derive(Default)]
struct Provider {
    replies: Mutex<VecDeque<Reply>>,
    requests: Mutex<Vec<(HeaderMap, Value)>>,
}

impl Provider {
    fn requests(&self) -> Vec<(HeaderMap, Value)> {
        self.requests.lock().unwrap().clone()
    }
}

/// What any OpenAI-compatible endpoint would reject: a wrong key (echoed back, as some
/// providers do), an unknown model, no messages.
fn shape_problem(headers: &HeaderMap, body: &Value) -> Option<String> {
    let auth = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if auth != format!("Bearer {KEY}") {
        return Some(format!("Incorrect API key provided: {auth}"));
    }
    if body["model"] != MODEL {
        return Some("The model does not exist".into());
    }
    if body["messages"].as_array().is_none_or(Vec::is_empty) {
        return Some("messages is required".into());
    }
    None
}

async fn chat_completions(
    State(provider): State<Arc<Provider>>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    provider
        .requests
        .lock()
        .unwrap()
        .push((headers.clone(), body.clone()));
    if let Some(problem) = shape_problem(&headers, &body) {
        let error = json!({"error": {"message": problem, "type": "invalid_request_error"}});
        return (StatusCode::UNAUTHORIZED, Json(error)).into_response();
    }
    let reply = provider.replies.lock().unwrap().pop_front();
    let message = match reply {
        None => return (StatusCode::INTERNAL_SERVER_ERROR, "no scripted reply").into_response(),
        Some(Reply::Hang) => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            return StatusCode::GATEWAY_TIMEOUT.into_response();
        }
        Some(Reply::Status(status, body)) => {
            return (StatusCode::from_u16(status).unwrap(), body).into_response()
        }
        Some(Reply::Refusal) => {
            json!({"role": "assistant", "content": null, "refusal": "I can't help with that request."})
        }
        Some(Reply::Content(content)) => {
            json!({"role": "assistant", "content": content, "refusal": null})
        }
    };
    Json(json!({
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 0,
        "model": MODEL,
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
    }))
    .into_response()
}

/// Starts the fake provider on a free port; returns its `…/v1` base URL.
async fn provider(replies: Vec<Reply>) -> (String, Arc<Provider>) {
    let state = Arc::new(Provider {
        replies: Mutex::new(replies.into()),
        ..Default::default()
    });
    let app = Router::new()
        .route("/v1/chat/completions", post(chat_completions))
        .with_state(Arc::clone(&state));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}/v1"), state)
}

fn llm_config(base_url: &str) -> LlmConfig {
    LlmConfig {
        base_url: url::Url::parse(base_url).unwrap(),
        api_key: Secret::new(KEY),
        model: MODEL.into(),
        timeout: Duration::from_secs(5),
        response_format: ResponseFormat::JsonSchema,
        daily_limit: 20,
    }
}

fn parser(config: LlmConfig) -> Parser {
    parser_counting_in(config, None)
}

/// A parser whose daily AI parses are counted in `counters` (a real database).
fn parser_counting_in(
    config: LlmConfig,
    counters: Option<app::server::counters::Counters>,
) -> Parser {
    Parser::new(&ParserConfig::Llm(config), Isolation::InProcess, counters)
        .unwrap()
        .with_retry_backoff(Duration::from_millis(50))
}

fn pdf() -> Vec<u8> {
    std::fs::read(PDF).expect("the fixture PDF is there")
}

/// What the built-in parser reads from the fixture.
fn built_in() -> resume::Resume {
    resume::parse::parse_pdf(&pdf()).unwrap()
}

/// A résumé as the model must send it: every key of the schema, no other.
fn as_model_json(r: &resume::Resume) -> Value {
    project(&resume_schema(), &serde_json::to_value(r).unwrap())
}

/// The model's (good) answer: the draft, corrected and with some traps.
fn good_answer() -> Value {
    let draft = built_in();
    let mut v = as_model_json(&draft);
    v["personalInfo"]["title"] = json!("Registered Nurse (as the model read it)");
    v["personalInfo"]["email"] = json!("");
    v["personalInfo"]["website"] = json!("javascript:alert(document.cookie)");
    v["experience"] = json!([{
        "company": "St. Model Hospital",
        "position": "Charge Nurse",
        "location": "",
        "startDate": "2019-03",
        "endDate": "",
        "isCurrentRole": true,
        "description": ["Led a team of 12 nurses."],
        "technologies": [],
    }]);
    v
}

#[track_caller]
fn assert_fallback(outcome: &UploadedResume, why: &str) {
    assert_eq!(outcome.source, ResumeSource::Fallback, "{why}");
    assert_eq!(outcome.resume, built_in(), "{why}: the built-in result");
    let notice = outcome.notice.as_deref().expect("the person is told");
    assert!(
        notice.contains("AI step failed") && notice.contains("built-in parser"),
        "{why}: {notice}"
    );
    assert!(!notice.contains(KEY), "{why}: the key leaked into {notice}");
}

#[tokio::test]
async fn a_good_answer_is_what_the_person_gets_checked_and_normalised() {
    let (url, provider) = provider(vec![Reply::Content(good_answer().to_string())]).await;
    let outcome = parser(llm_config(&url))
        .parse_pdf(Some("user-1"), pdf())
        .await
        .unwrap();

    assert_eq!(outcome.source, ResumeSource::Llm);
    assert_eq!(outcome.notice, None);
    let draft = built_in();
    let p = &outcome.resume.personal_info;
    assert_eq!(p.title, "Registered Nurse (as the model read it)");
    assert_eq!(
        p.email, draft.personal_info.email,
        "an empty email keeps the built-in one"
    );
    assert!(
        !draft.personal_info.email.is_empty(),
        "the fixture has an email"
    );
    assert_eq!(
        p.website, draft.personal_info.website,
        "a javascript: link never passes"
    );
    let job = &outcome.resume.experience[0];
    assert_eq!(
        (
            job.start_date.as_str(),
            job.end_date.as_str(),
            job.is_current_role
        ),
        ("Mar 2019", "Present", true),
        "dates in the built-in parser's form"
    );
    assert!(resume::validate(&outcome.resume).is_ok());
    assert_eq!(provider.requests().len(), 1);
}

#[tokio::test]
async fn the_request_names_the_model_sends_the_generated_schema_at_temperature_zero_with_the_key() {
    let (url, provider) = provider(vec![Reply::Content(good_answer().to_string())]).await;
    parser(llm_config(&url))
        .parse_pdf(None, pdf())
        .await
        .unwrap();
    let requests = provider.requests();
    let (headers, body) = &requests[0];
    assert_eq!(headers["authorization"], format!("Bearer {KEY}").as_str());
    assert_eq!(body["model"], MODEL);
    assert_eq!(body["temperature"], 0);
    let format = &body["response_format"];
    assert_eq!(format["type"], "json_schema");
    assert_eq!(format["json_schema"]["strict"], true);
    assert_eq!(format["json_schema"]["schema"], resume_schema());
    assert_eq!(
        format["json_schema"]["schema"]["additionalProperties"],
        false
    );

    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("verbatim") && system.contains("Never invent"));
    assert!(system.contains("isCurrentRole"));
    let user = body["messages"][1]["content"].as_str().unwrap();
    let text = resume::parse::extract_text(&pdf()).unwrap();
    let first_line = text.text.lines().next().unwrap();
    assert!(user.contains(first_line), "the PDF's text is sent");
    assert!(user.contains("Links in the PDF"));
    assert!(
        user.contains(&as_model_json(&built_in()).to_string()),
        "the built-in draft is sent for correction"
    );
}

#[tokio::test]
async fn json_object_mode_puts_the_schema_in_the_prompt_instead() {
    let (url, provider) = provider(vec![Reply::Content(good_answer().to_string())]).await;
    let config = LlmConfig {
        response_format: ResponseFormat::JsonObject,
        ..llm_config(&url)
    };
    let outcome = parser(config).parse_pdf(None, pdf()).await.unwrap();
    assert_eq!(outcome.source, ResumeSource::Llm);
    let body = &provider.requests()[0].1;
    assert_eq!(body["response_format"], json!({"type": "json_object"}));
    let system = body["messages"][0]["content"].as_str().unwrap();
    assert!(system.contains("JSON Schema") && system.contains("isCurrentRole"));
}

#[tokio::test]
async fn a_plain_wrkks_shaped_answer_is_accepted_as_the_models_result() {
    // Exactly Wrkks's `Resume` interface: none of Vitae's extension keys (`profiles`, skill
    // `groups`), as a provider without strict structured output (or a local model) answers.
    let wrkks: Value = serde_json::from_str(include_str!(
        "../../../resume/tests/fixtures/wrkks-sample-resume.json"
    ))
    .unwrap();
    assert!(wrkks["personalInfo"].get("profiles").is_none());
    let (url, provider) = provider(vec![Reply::Content(wrkks.to_string())]).await;
    let config = LlmConfig {
        response_format: ResponseFormat::JsonObject,
        ..llm_config(&url)
    };
    let outcome = parser(config).parse_pdf(None, pdf()).await.unwrap();
    assert_eq!(outcome.source, ResumeSource::Llm, "{:?}", outcome.notice);
    assert_eq!(outcome.notice, None);
    assert_eq!(
        outcome.resume.personal_info.name,
        wrkks["personalInfo"]["name"]
    );
    assert!(
        outcome.resume.personal_info.profiles.is_empty(),
        "missing reads as empty"
    );
    assert_eq!(
        provider.requests().len(),
        1,
        "accepted the first time, no retry"
    );
}

#[tokio::test]
async fn invalid_json_twice_gives_the_built_in_result_and_says_so() {
    let bad = Reply::Content("{\"personalInfo\": {\"name\": ".into());
    let (url, provider) = provider(vec![bad.clone(), bad]).await;
    let outcome = parser(llm_config(&url))
        .parse_pdf(None, pdf())
        .await
        .unwrap();
    assert_fallback(&outcome, "invalid JSON");
    assert_eq!(provider.requests().len(), 2, "one retry");
}

#[tokio::test]
async fn an_answer_that_violates_the_schema_twice_gives_the_built_in_result() {
    let mut wrong = good_answer();
    wrong["experience"][0]["company"] = json!(42);
    wrong["surprise"] = json!("a key the schema does not have");
    let reply = Reply::Content(wrong.to_string());
    let (url, provider) = provider(vec![reply.clone(), reply]).await;
    let outcome = parser(llm_config(&url))
        .parse_pdf(None, pdf())
        .await
        .unwrap();
    assert_fallback(&outcome, "schema violation");
    assert_eq!(provider.requests().len(), 2, "one retry");
}

#[tokio::test]
async fn a_rate_limit_then_a_good_answer_gives_the_models_result() {
    let limited = Reply::Status(
        429,
        r#"{"error":{"message":"Rate limit reached","type":"rate_limit_exceeded"}}"#.into(),
    );
    let (url, provider) = provider(vec![limited, Reply::Content(good_answer().to_string())]).await;
    let outcome = parser(llm_config(&url))
        .parse_pdf(None, pdf())
        .await
        .unwrap();
    assert_eq!(outcome.source, ResumeSource::Llm);
    assert_eq!(outcome.notice, None);
    assert_eq!(outcome.resume.experience[0].company, "St. Model Hospital");
    assert_eq!(provider.requests().len(), 2);
}

#[tokio::test]
async fn a_server_error_twice_gives_the_built_in_result() {
    let error = Reply::Status(500, "upstream exploded".into());
    let (url, provider) = provider(vec![error.clone(), error]).await;
    let outcome = parser(llm_config(&url))
        .parse_pdf(None, pdf())
        .await
        .unwrap();
    assert_fallback(&outcome, "500 twice");
    assert_eq!(provider.requests().len(), 2);
}

#[tokio::test]
async fn a_model_that_hangs_past_the_timeout_gives_the_built_in_result_in_bounded_time() {
    let (url, provider) = provider(vec![Reply::Hang, Reply::Hang]).await;
    let config = LlmConfig {
        timeout: Duration::from_millis(400),
        ..llm_config(&url)
    };
    let started = Instant::now();
    let outcome = parser(config).parse_pdf(None, pdf()).await.unwrap();
    assert_fallback(&outcome, "hang");
    assert!(outcome.notice.unwrap().contains("took too long"));
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "two timeouts and a backoff, not the hang: {:?}",
        started.elapsed()
    );
    assert_eq!(provider.requests().len(), 2);
}

#[tokio::test]
async fn a_refusal_gives_the_built_in_result() {
    let (url, _provider) = provider(vec![Reply::Refusal, Reply::Refusal]).await;
    let outcome = parser(llm_config(&url))
        .parse_pdf(None, pdf())
        .await
        .unwrap();
    assert_fallback(&outcome, "refusal");
    assert!(outcome.notice.unwrap().contains("declined"));
}

#[tokio::test]
async fn a_wrong_key_is_not_retried_and_never_shown() {
    let (url, provider) = provider(vec![]).await;
    let config = LlmConfig {
        api_key: Secret::new("sk-wrong-key-value"),
        ..llm_config(&url)
    };
    let parser = parser(config);
    let outcome = parser.parse_pdf(None, pdf()).await.unwrap();
    assert_fallback(&outcome, "401");
    assert!(!outcome.notice.unwrap().contains("sk-wrong-key-value"));
    assert!(!format!("{parser:?}").contains("sk-wrong-key-value"));
    assert_eq!(
        provider.requests().len(),
        1,
        "a rejected key is not retried"
    );
}

#[tokio::test]
async fn past_the_daily_limit_the_person_gets_the_built_in_result_without_a_call() {
    let good = Reply::Content(good_answer().to_string());
    let (url, provider) = provider(vec![good.clone(), good]).await;
    let db = support::sqlite().await;
    let counters =
        app::server::counters::Counters::new(&db.db, app::server::config::PoolMode::Session);
    let parser = parser_counting_in(
        LlmConfig {
            daily_limit: 1,
            ..llm_config(&url)
        },
        Some(counters),
    );
    let first = parser.parse_pdf(Some("user-1"), pdf()).await.unwrap();
    assert_eq!(first.source, ResumeSource::Llm);
    let second = parser.parse_pdf(Some("user-1"), pdf()).await.unwrap();
    assert_eq!(second.source, ResumeSource::Fallback);
    assert_eq!(second.resume, built_in());
    assert!(second.notice.unwrap().contains("today's 1 AI reads"));
    let other = parser.parse_pdf(Some("user-2"), pdf()).await.unwrap();
    assert_eq!(other.source, ResumeSource::Llm, "the limit is per person");
    assert_eq!(provider.requests().len(), 2);
}

#[tokio::test]
async fn a_person_parses_one_file_at_a_time() {
    let (url, _provider) = provider(vec![Reply::Hang, Reply::Hang]).await;
    let parser = parser(LlmConfig {
        timeout: Duration::from_secs(2),
        ..llm_config(&url)
    });
    let first = tokio::spawn({
        let parser = parser.clone();
        async move { parser.parse_pdf(Some("user-1"), pdf()).await }
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    let second = parser.parse_pdf(Some("user-1"), pdf()).await;
    assert_eq!(second, Err(ReadFailure::Busy));
    assert_eq!(
        second.unwrap_err().to_string(),
        "Your previous upload is still being read. Wait for it to finish, then try again."
    );
    first.abort();
}

#[tokio::test]
async fn a_file_that_is_not_a_pdf_is_refused_before_any_call_to_the_model() {
    let (url, provider) = provider(vec![]).await;
    let failure = parser(llm_config(&url))
        .parse_pdf(Some("user-1"), b"hello, I am a text file".to_vec())
        .await
        .unwrap_err();
    assert_eq!(
        failure.to_string(),
        "This file is not a PDF. Upload your résumé as a PDF file."
    );
    assert!(provider.requests().is_empty());
}

#[tokio::test]
async fn the_built_in_parser_alone_gives_its_result_without_a_notice() {
    let outcome = Parser::new(&ParserConfig::Heuristic, Isolation::InProcess, None)
        .unwrap()
        .parse_pdf(Some("user-1"), pdf())
        .await
        .unwrap();
    assert_eq!(outcome.source, ResumeSource::Heuristic);
    assert_eq!(outcome.notice, None);
    assert_eq!(outcome.resume, built_in());
}

#[tokio::test]
async fn a_model_that_returns_the_draft_unchanged_gives_exactly_the_built_in_result() {
    for name in [
        "nurse-word",
        "nurse-even-chromium",
        "new-grad-sidebar",
        "marketing-type3-fonts",
    ] {
        let bytes = std::fs::read(format!("../resume/tests/fixtures/{name}.pdf")).unwrap();
        let draft = resume::parse::parse_pdf(&bytes).unwrap();
        let echo = Reply::Content(as_model_json(&draft).to_string());
        let (url, _provider) = provider(vec![echo]).await;
        let outcome = parser(llm_config(&url))
            .parse_pdf(None, bytes)
            .await
            .unwrap();
        assert_eq!(outcome.source, ResumeSource::Llm, "{name}");
        assert_eq!(
            outcome.resume, draft,
            "{name}: checking and normalising a built-in result changes nothing"
        );
    }
}
