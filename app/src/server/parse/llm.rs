//! The client for any OpenAI-compatible `/chat/completions` endpoint (OpenAI, OpenRouter,
//! Together, Groq, llama.cpp, vLLM, Ollama): the request, the answer, one retry.
//!
//! The model gets the PDF's text in reading order, its link annotations and the built-in parser's
//! draft, and is told to correct the draft, copying values verbatim and inventing nothing. Its
//! answer must be JSON conforming to the schema generated from the Rust model
//! ([`super::schema`]); anything else is an [`LlmError`], and the caller falls back to the draft.
//!
//! The API key is sent in the `Authorization` header and nowhere else: no error, log line or
//! notice built here contains it (provider error bodies are redacted before they are logged).

use std::time::Duration;

use serde_json::{json, Value};

use super::schema;
use crate::server::config::{LlmConfig, ResponseFormat, Secret};

/// The most résumé text sent to the model. A two-page résumé is 5,000–10,000 characters and a
/// long LinkedIn export about 20,000; anything past 30,000 is not a résumé, and every character
/// is paid for.
pub const MAX_TEXT_CHARS: usize = 30_000;
/// The most link annotations sent: a résumé has a handful; a PDF with hundreds is padding.
pub const MAX_LINKS: usize = 100;
/// The wait before the one retry. Long enough for a rate limit's burst window or a restarting
/// upstream to pass, short enough that the person is still watching.
pub const RETRY_BACKOFF: Duration = Duration::from_secs(2);
/// A `Retry-After` longer than this is not waited for: the person gets the fallback instead.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// Why the AI step did not produce a résumé. Never contains the API key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LlmError {
    #[error("the model did not answer within {0:?}")]
    Timeout(Duration),
    #[error("the endpoint could not be reached: {0}")]
    Unreachable(String),
    #[error("the provider is rate-limiting requests (HTTP 429)")]
    RateLimited { retry_after: Option<Duration> },
    #[error("the provider failed (HTTP {0})")]
    Upstream(u16),
    /// 4xx other than 408/429: a wrong key, an unknown model, an unsupported request. Retrying
    /// the same request cannot help.
    #[error("the provider rejected the request (HTTP {status}): {detail}")]
    Rejected { status: u16, detail: String },
    #[error("the model refused: {0}")]
    Refused(String),
    #[error("the answer was not the provider's chat-completion JSON: {0}")]
    BadEnvelope(String),
    #[error("the model's answer was not valid JSON: {0}")]
    InvalidJson(String),
    #[error("the model's answer did not match the résumé schema: {0}")]
    SchemaMismatch(String),
}

impl LlmError {
    /// Whether a second attempt may succeed.
    pub fn is_retryable(&self) -> bool {
        !matches!(self, Self::Rejected { .. })
    }

    /// A few words for the person ("The AI step failed (…)").
    pub fn reason(&self) -> &'static str {
        match self {
            Self::Timeout(_) => "the model took too long to answer",
            Self::Unreachable(_) => "the AI service could not be reached",
            Self::RateLimited { .. } => "the AI service is busy",
            Self::Upstream(_) => "the AI service had an error",
            Self::Rejected { .. } => "the AI service rejected the request",
            Self::Refused(_) => "the model declined to read this résumé",
            Self::BadEnvelope(_) | Self::InvalidJson(_) | Self::SchemaMismatch(_) => {
                "the model's answer was not a usable résumé"
            }
        }
    }
}

/// What the model is given.
#[derive(Debug, Clone)]
pub struct LlmInput<'a> {
    /// The PDF's text in reading order.
    pub text: &'a str,
    /// The PDF's link annotations.
    pub links: &'a [String],
    /// The built-in parser's result, to be corrected.
    pub draft: &'a resume::Resume,
}

/// An OpenAI-compatible chat-completions client with the résumé schema built in.
#[derive(Clone)]
pub struct LlmClient {
    http: reqwest::Client,
    endpoint: String,
    api_key: Secret,
    model: String,
    timeout: Duration,
    response_format: ResponseFormat,
    schema: Value,
    retry_backoff: Duration,
}

impl std::fmt::Debug for LlmClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LlmClient")
            .field("endpoint", &self.endpoint)
            .field("api_key", &self.api_key)
            .field("model", &self.model)
            .field("timeout", &self.timeout)
            .field("response_format", &self.response_format)
            .finish_non_exhaustive()
    }
}

impl LlmClient {
    /// A client for `config`. Fails only if the TLS backend cannot start.
    pub fn new(config: &LlmConfig) -> Result<Self, String> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("vitae/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| format!("cannot start the HTTP client: {e}"))?;
        Ok(Self {
            http,
            endpoint: format!(
                "{}/chat/completions",
                config.base_url.as_str().trim_end_matches('/')
            ),
            api_key: config.api_key.clone(),
            model: config.model.clone(),
            timeout: config.timeout,
            response_format: config.response_format,
            schema: schema::resume_schema(),
            retry_backoff: RETRY_BACKOFF,
        })
    }

    /// Changes the wait before the retry (tests use a short one).
    pub fn with_retry_backoff(mut self, backoff: Duration) -> Self {
        self.retry_backoff = backoff;
        self
    }

    /// The request body: model, temperature 0, messages and the response format.
    pub fn request_body(&self, input: &LlmInput<'_>) -> Value {
        let response_format = match self.response_format {
            ResponseFormat::JsonSchema => json!({
                "type": "json_schema",
                "json_schema": {
                    "name": "resume",
                    "strict": true,
                    "schema": self.schema,
                },
            }),
            ResponseFormat::JsonObject => json!({"type": "json_object"}),
        };
        let mut system = SYSTEM_PROMPT.to_string();
        if self.response_format == ResponseFormat::JsonObject {
            // Without schema support the schema goes in the prompt (and json_object mode needs
            // the word "JSON" in the messages).
            system.push_str("\n\nAnswer with one JSON object that conforms to this JSON Schema:\n");
            system.push_str(&self.schema.to_string());
        }
        json!({
            "model": self.model,
            "temperature": 0,
            "messages": [
                {"role": "system", "content": system},
                {"role": "user", "content": user_message(input, &self.schema)},
            ],
            "response_format": response_format,
        })
    }

    /// Asks the model, retrying once (after a backoff) when the failure may be passing.
    #[tracing::instrument(skip_all, fields(model = %self.model))]
    pub async fn complete(&self, input: &LlmInput<'_>) -> Result<resume::Resume, LlmError> {
        let body = self.request_body(input);
        let first = self.attempt(&body).await;
        let err = match first {
            Ok(resume) => return Ok(resume),
            Err(e) if !e.is_retryable() => return Err(e),
            Err(e) => e,
        };
        let wait = match &err {
            LlmError::RateLimited {
                retry_after: Some(after),
            } if *after > MAX_RETRY_AFTER => return Err(err),
            LlmError::RateLimited {
                retry_after: Some(after),
            } => (*after).max(self.retry_backoff),
            _ => self.retry_backoff,
        };
        tracing::warn!(error = %err, ?wait, "the model's first answer failed; retrying once");
        tokio::time::sleep(wait).await;
        self.attempt(&body).await
    }

    async fn attempt(&self, body: &Value) -> Result<resume::Resume, LlmError> {
        let response = self
            .http
            .post(&self.endpoint)
            .bearer_auth(self.api_key.expose())
            .json(body)
            .send()
            .await
            .map_err(|e| self.transport_error(&e))?;
        let status = response.status();
        let retry_after = response
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let text = response
            .text()
            .await
            .map_err(|e| self.transport_error(&e))?;
        if status.as_u16() == 429 {
            return Err(LlmError::RateLimited { retry_after });
        }
        if status.is_server_error() || status.as_u16() == 408 {
            tracing::warn!(status = status.as_u16(), body = %self.redact(&text), "the provider failed");
            return Err(LlmError::Upstream(status.as_u16()));
        }
        if !status.is_success() {
            return Err(LlmError::Rejected {
                status: status.as_u16(),
                detail: self.redact(&provider_message(&text)),
            });
        }
        let content = answer_content(&text)?;
        let value: Value = serde_json::from_str(strip_code_fence(&content))
            .map_err(|e| LlmError::InvalidJson(e.to_string()))?;
        schema::check(&self.schema, &value).map_err(LlmError::SchemaMismatch)?;
        serde_json::from_value(value).map_err(|e| LlmError::SchemaMismatch(e.to_string()))
    }

    fn transport_error(&self, e: &reqwest::Error) -> LlmError {
        if e.is_timeout() {
            LlmError::Timeout(self.timeout)
        } else {
            // reqwest's message names the URL (no key in it) and the cause.
            LlmError::Unreachable(self.redact(&e.to_string()))
        }
    }

    /// Text from the provider with the key removed, shortened for a log line.
    fn redact(&self, text: &str) -> String {
        let key = self.api_key.expose();
        let text = if key.is_empty() {
            text.to_string()
        } else {
            text.replace(key, "[redacted]")
        };
        truncate_chars(&text, 300).to_string()
    }
}

/// The rules the model follows. Unlike tools that ask for "a summary" and "skills", it is told to
/// leave empty what the résumé does not say.
const SYSTEM_PROMPT: &str = "\
You read résumés. You are given the text of a résumé PDF in reading order, the links embedded in \
the PDF, and a draft that a rule-based parser made from the same text. Return the résumé as JSON \
in the required schema: correct the draft where the text says otherwise and fill in what it missed.

Rules:
- Copy values verbatim from the text: names, headlines, companies, positions, bullet points. Do \
not rephrase, summarise, translate or fix spelling.
- Never invent anything. A value that is not in the text or the links stays empty (\"\" or []). \
Do not write a summary when the résumé has none; do not add skills it does not list.
- Links are full URLs (https://…) taken from the text or the link list. email is the bare address \
(no mailto:). linkedin, github and twitter are profile URLs; website is a personal site; other \
profiles (ORCID, Dribbble, Behance, …) go to personalInfo.profiles.
- Dates as written, with the month when one is given (\"Jan 2020\", \"2020-01\") or the year \
alone (\"2020\"). A role that is still going (\"Present\", \"Current\", \"now\" or an open range) \
has endDate \"Present\" and isCurrentRole true; every other role has isCurrentRole false.
- experience: one entry per role, in the résumé's order. description: one item per bullet or \
sentence, as written, without the bullet symbol. technologies: only tools named in that entry.
- education: university is the school, degree the kind (B.Sc., MBA), branch the field of study, \
sgpa the grade as written.
- skills.groups: the résumé's own skill groups and their names. Also put each skill in \
skills.languages (programming languages), skills.frameworksAndTools or skills.softSkills.
- Sections without their own field (certifications, spoken languages, awards, publications, \
volunteering, interests, references) go to customSections: the résumé's heading as title, one \
item per entry.
- imageUrl, spotifyUrl and extracurricular stay empty unless the résumé has them.";

/// The user message: text (capped), links, and the draft in the shape the answer must have.
fn user_message(input: &LlmInput<'_>, schema: &Value) -> String {
    let text = truncate_chars(input.text, MAX_TEXT_CHARS);
    let truncated = if text.len() < input.text.len() {
        "\n[the rest of the text was cut]"
    } else {
        ""
    };
    let links = if input.links.is_empty() {
        "(none)".to_string()
    } else {
        input
            .links
            .iter()
            .take(MAX_LINKS)
            .map(|l| format!("- {}", truncate_chars(l, resume::MAX_LINE)))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let draft = serde_json::to_value(input.draft).unwrap_or_default();
    let draft = schema::project(schema, &draft).to_string();
    // The draft is derived from the text, so it is about as long; past the cap it is left out
    // rather than cut into invalid JSON.
    let draft = if draft.chars().count() > MAX_TEXT_CHARS {
        "(too long; omitted)".to_string()
    } else {
        draft
    };
    format!(
        "Résumé text, in reading order:\n<<<\n{text}{truncated}\n>>>\n\nLinks in the PDF:\n{links}\n\nDraft from the rule-based parser (JSON):\n{draft}"
    )
}

/// The first `max` characters of `s` (on a character boundary).
pub fn truncate_chars(s: &str, max: usize) -> &str {
    match s.char_indices().nth(max) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `choices[0].message.content` of a chat-completion answer, or why there is none.
fn answer_content(body: &str) -> Result<String, LlmError> {
    let envelope: Value = serde_json::from_str(body)
        .map_err(|e| LlmError::BadEnvelope(format!("{e} in {:?}", truncate_chars(body, 120))))?;
    let choice = envelope
        .get("choices")
        .and_then(|c| c.get(0))
        .ok_or_else(|| LlmError::BadEnvelope("no choices".into()))?;
    let message = choice
        .get("message")
        .ok_or_else(|| LlmError::BadEnvelope("no message".into()))?;
    if let Some(refusal) = message.get("refusal").and_then(Value::as_str) {
        if !refusal.trim().is_empty() {
            return Err(LlmError::Refused(truncate_chars(refusal, 300).to_string()));
        }
    }
    match message.get("content").and_then(Value::as_str) {
        Some(content) if !content.trim().is_empty() => Ok(content.to_string()),
        _ if choice.get("finish_reason").and_then(Value::as_str) == Some("content_filter") => {
            Err(LlmError::Refused("content filter".into()))
        }
        _ => Err(LlmError::InvalidJson("the answer was empty".into())),
    }
}

/// Some local models wrap JSON in a Markdown fence even in JSON mode.
fn strip_code_fence(content: &str) -> &str {
    let t = content.trim();
    match t.strip_prefix("```") {
        Some(rest) => {
            let rest = rest.strip_prefix("json").unwrap_or(rest);
            rest.strip_suffix("```").unwrap_or(rest).trim()
        }
        None => t,
    }
}

/// The `error.message` of an OpenAI-style error body, else the start of the body.
fn provider_message(body: &str) -> String {
    serde_json::from_str::<Value>(body)
        .ok()
        .and_then(|v| {
            v.pointer("/error/message")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| body.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_past_the_cap_is_cut_and_said_to_be_cut() {
        let long = "ß".repeat(MAX_TEXT_CHARS + 10);
        let draft = resume::Resume::default();
        let message = user_message(
            &LlmInput {
                text: &long,
                links: &[],
                draft: &draft,
            },
            &schema::resume_schema(),
        );
        assert_eq!(message.matches('ß').count(), MAX_TEXT_CHARS);
        assert!(message.contains("[the rest of the text was cut]"));
        assert!(message.contains("Links in the PDF:\n(none)"));
    }

    #[test]
    fn refusals_empty_answers_and_fences_are_told_apart() {
        let refusal =
            r#"{"choices":[{"message":{"content":null,"refusal":"I can't help with that."}}]}"#;
        assert!(matches!(answer_content(refusal), Err(LlmError::Refused(_))));
        let empty = r#"{"choices":[{"message":{"content":""},"finish_reason":"stop"}]}"#;
        assert!(matches!(
            answer_content(empty),
            Err(LlmError::InvalidJson(_))
        ));
        assert!(matches!(
            answer_content("<html>"),
            Err(LlmError::BadEnvelope(_))
        ));
        assert_eq!(strip_code_fence("```json\n{\"a\":1}\n```"), "{\"a\":1}");
        assert_eq!(strip_code_fence(" {\"a\":1} "), "{\"a\":1}");
    }

    #[test]
    fn only_a_rejected_request_is_not_retried() {
        assert!(!LlmError::Rejected {
            status: 401,
            detail: String::new()
        }
        .is_retryable());
        assert!(LlmError::Upstream(500).is_retryable());
        assert!(LlmError::Timeout(Duration::from_secs(1)).is_retryable());
        assert!(LlmError::InvalidJson(String::new()).is_retryable());
    }
}
