//! `POST /api/upload`: a résumé file in, the résumé read from it out — never saved here.
//!
//! A plain route rather than a server function, so the browser can send the file as the raw body
//! (with upload progress, and cancel) and so the body is read as it streams: the request is cut
//! off as soon as it is over `MAX_UPLOAD_BYTES`, its first bytes are not a PDF or JSON, or it
//! arrives too slowly — never read to the end first.
//!
//! What comes back opens in the editor as unsaved changes; the saved résumé is untouched whatever
//! happens here.

use std::time::Duration;

use app::{
    pages::dashboard::{
        api::{ResumeSource, UploadErrorBody, UploadedResume},
        upload_rules::{self, FileKind, FileProblem},
    },
    server::{
        auth::AuthUser,
        parse::{ParseFailure, ParseSource},
        state::AppState,
    },
};
use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use futures_util::StreamExt;
use resume::Resume;
use tokio::time::{timeout_at, Instant};

/// The whole body must arrive within this: 5 MB at a slow mobile 100 KB/s takes under a minute.
pub const UPLOAD_DEADLINE: Duration = Duration::from_secs(120);
/// Nothing arriving for this long ends the upload (a stalled or stalling client).
pub const UPLOAD_IDLE: Duration = Duration::from_secs(20);

/// Uploads received and read at once. A slot is held from the first byte until the résumé is
/// read, so with the default 5 MB limit at most 80 MB of bodies are in memory (and the parser
/// runs only as many at once as there are cores). More uploads wait, up to [`SLOT_WAIT`].
pub const UPLOADS_AT_ONCE: usize = 16;
/// Uploads one person may have in flight at once: a retry while the first is still being read
/// is fine; more would let one account hold every slot.
pub const UPLOADS_PER_PERSON: usize = 2;
/// How long an upload waits for a slot before being told to try again (503).
pub const SLOT_WAIT: Duration = Duration::from_secs(30);

/// Why an upload was refused; the message is what the person reads.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    #[error("Please sign in to upload your résumé.")]
    Unauthenticated,
    /// Too large, empty, or neither a PDF nor JSON: the rules the browser checked too.
    #[error(transparent)]
    File(#[from] FileProblem),
    #[error(
        "This JSON file is not a résumé ({0}). Upload a JSON Resume file, or your résumé's PDF."
    )]
    BadJson(String),
    #[error("The upload was too slow and was stopped. Check your connection and try again.")]
    TooSlow,
    #[error("The upload was interrupted. Try again.")]
    Interrupted,
    #[error("Many people are uploading right now. Try again in a minute.")]
    Busy,
    #[error("Your other uploads are still being read. Wait for them to finish, then try again.")]
    TooManyOfYours,
    #[error("{0}")]
    Parse(#[from] ParseFailure),
    #[error("{0}")]
    App(app::error::AppError),
}

impl UploadError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Unauthenticated => StatusCode::UNAUTHORIZED,
            Self::File(FileProblem::TooLarge { .. }) => StatusCode::PAYLOAD_TOO_LARGE,
            Self::File(FileProblem::Empty) | Self::Interrupted => StatusCode::BAD_REQUEST,
            Self::File(FileProblem::NotPdfOrJson) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::BadJson(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::TooSlow => StatusCode::REQUEST_TIMEOUT,
            Self::Busy => StatusCode::SERVICE_UNAVAILABLE,
            Self::TooManyOfYours => StatusCode::TOO_MANY_REQUESTS,
            Self::Parse(ParseFailure::Busy) => StatusCode::TOO_MANY_REQUESTS,
            Self::Parse(ParseFailure::Internal) => StatusCode::INTERNAL_SERVER_ERROR,
            // An unreadable PDF or one that took too long to read: the file is the problem.
            Self::Parse(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::App(e) => {
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
            }
        }
    }
}

impl IntoResponse for UploadError {
    fn into_response(self) -> Response {
        let status = self.status();
        let mut response = (
            status,
            Json(UploadErrorBody {
                error: self.to_string(),
            }),
        )
            .into_response();
        if matches!(
            self,
            Self::TooSlow
                | Self::Busy
                | Self::TooManyOfYours
                | Self::File(FileProblem::TooLarge { .. } | FileProblem::NotPdfOrJson)
        ) {
            // The rest of the body is never read: end the connection rather than drain it.
            response.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
        }
        response
    }
}

/// `POST /api/upload`.
pub async fn upload(
    State(state): State<AppState>,
    user: Result<AuthUser, app::error::AppError>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<UploadedResume>, UploadError> {
    let user = match user {
        Ok(user) => user,
        Err(app::error::AppError::Unauthenticated) => return Err(UploadError::Unauthenticated),
        Err(e) => return Err(UploadError::App(e)),
    };
    let limit = state.config.max_upload_bytes;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(FileProblem::TooLarge { limit }.into());
    }
    // Before a shared slot is taken: a person's extra uploads never wait in everyone's queue.
    let _mine = state
        .uploads_per_person
        .begin(&user.subject)
        .ok_or(UploadError::TooManyOfYours)?;
    let slot = tokio::time::timeout(SLOT_WAIT, state.upload_slots.clone().acquire_owned())
        .await
        .map_err(|_| UploadError::Busy)?
        .map_err(|_| UploadError::Busy)?;
    let (kind, bytes) = read_body(body, limit).await?;
    let uploaded = match kind {
        FileKind::Pdf => {
            let outcome = state.parser.parse_pdf(Some(&user.subject), bytes).await?;
            UploadedResume {
                resume: outcome.resume,
                notice: outcome.notice,
                source: match outcome.source {
                    ParseSource::Heuristic => ResumeSource::Heuristic,
                    ParseSource::Llm => ResumeSource::Llm,
                    ParseSource::Fallback => ResumeSource::Fallback,
                },
            }
        }
        FileKind::Json => UploadedResume {
            resume: read_json(&bytes)?,
            notice: None,
            source: ResumeSource::Json,
        },
    };
    drop(slot);
    tracing::info!(subject = %user.subject, source = ?uploaded.source, "résumé read from an upload");
    Ok(Json(uploaded))
}

/// Reads the body as it arrives, stopping at the first sign it is unwanted.
async fn read_body(body: Body, limit: u64) -> Result<(FileKind, Vec<u8>), UploadError> {
    let deadline = Instant::now() + UPLOAD_DEADLINE;
    let mut body = body.into_data_stream();
    let mut bytes = Vec::new();
    let mut kind = None;
    loop {
        let idle = (Instant::now() + UPLOAD_IDLE).min(deadline);
        let frame = match timeout_at(idle, body.next()).await {
            Err(_) => return Err(UploadError::TooSlow),
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                tracing::info!(error = %e, "upload body ended early");
                return Err(UploadError::Interrupted);
            }
            Ok(Some(Ok(frame))) => frame,
        };
        if (bytes.len() + frame.len()) as u64 > limit {
            return Err(FileProblem::TooLarge { limit }.into());
        }
        bytes.extend_from_slice(&frame);
        if kind.is_none() {
            kind = upload_rules::sniff(&bytes).transpose()?;
        }
    }
    match kind {
        Some(kind) => Ok((kind, bytes)),
        // The body ended before the first bytes could decide.
        None => Ok((
            upload_rules::check_file(&bytes, bytes.len() as u64, limit)?,
            bytes,
        )),
    }
}

/// A JSON Resume (`basics`, `work`, …), or a résumé in our own shape (`personalInfo`, …: what
/// Vitae and Wrkks store), bounded as the one reader bounds every import.
fn read_json(bytes: &[u8]) -> Result<Resume, UploadError> {
    resume::json_resume::read_resume_json(bytes).map_err(|e| UploadError::BadJson(e.to_string()))
}
