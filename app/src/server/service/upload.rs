//! Reading a résumé from an uploaded file — never saving it: what comes back opens in the editor
//! as unsaved changes, and the saved résumé is untouched whatever happens here.
//!
//! The body is read as it streams in, and the read stops as soon as it is over
//! `MAX_UPLOAD_BYTES`, its first bytes are not a PDF or JSON, or it arrives too slowly: it is
//! never read to the end first. Memory is bounded as well as time: a slot is held from the first
//! byte until the résumé is read.

use std::{fmt::Display, time::Duration};

use futures_util::{Stream, StreamExt};
use tokio::time::{timeout_at, Instant};

use crate::{
    error::AppError,
    server::{auth::AuthUser, state::AppState},
    upload_rules::{self, FileKind, FileProblem},
    wire::{ResumeSource, UploadedResume},
};

/// The whole body must arrive within this: 5 MB at a slow mobile 100 KB/s takes under a minute.
pub const UPLOAD_DEADLINE: Duration = Duration::from_secs(120);
/// Nothing arriving for this long ends the upload (a stalled or stalling client).
pub const UPLOAD_IDLE: Duration = Duration::from_secs(20);

/// How long an upload waits for a slot before being told to try again (503).
pub const SLOT_WAIT: Duration = Duration::from_secs(30);

/// Reads the résumé in `body` for `me`. `declared_len` is the size the client announced, if any:
/// a body announced too large is refused before a byte of it is read.
pub async fn read_resume<S, B, E>(
    state: &AppState,
    me: &AuthUser,
    declared_len: Option<u64>,
    body: S,
) -> Result<UploadedResume, AppError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: Display,
{
    let limit = state.config.max_upload_bytes;
    if declared_len.is_some_and(|n| n > limit) {
        return Err(AppError::File(FileProblem::TooLarge { limit }));
    }
    // Before a shared slot is taken: a person's extra uploads never wait in everyone's queue.
    let _mine = state
        .uploads_per_person
        .begin(&me.subject)
        .ok_or(AppError::UploadsInFlight)?;
    let slot = tokio::time::timeout(SLOT_WAIT, state.upload_slots.clone().acquire_owned())
        .await
        .map_err(|_| AppError::UploadsBusy)?
        .map_err(|_| AppError::UploadsBusy)?;
    let (kind, bytes) = read_body(body, limit).await?;
    let uploaded = match kind {
        FileKind::Pdf => state.parser.parse_pdf(Some(&me.subject), bytes).await?,
        FileKind::Json => UploadedResume {
            resume: resume::json_resume::read_resume_json(&bytes)
                .map_err(|e| AppError::NotAResume(e.to_string()))?,
            notice: None,
            source: ResumeSource::Json,
        },
    };
    drop(slot);
    tracing::info!(subject = %me.subject, source = ?uploaded.source, "résumé read from an upload");
    Ok(uploaded)
}

/// Reads the body as it arrives, stopping at the first sign it is unwanted.
async fn read_body<S, B, E>(mut body: S, limit: u64) -> Result<(FileKind, Vec<u8>), AppError>
where
    S: Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: Display,
{
    let deadline = Instant::now() + UPLOAD_DEADLINE;
    let mut bytes = Vec::new();
    let mut kind = None;
    loop {
        let idle = (Instant::now() + UPLOAD_IDLE).min(deadline);
        let frame = match timeout_at(idle, body.next()).await {
            Err(_) => return Err(AppError::UploadTooSlow),
            Ok(None) => break,
            Ok(Some(Err(e))) => {
                tracing::info!(error = %e, "upload body ended early");
                return Err(AppError::UploadInterrupted);
            }
            Ok(Some(Ok(frame))) => frame,
        };
        let frame = frame.as_ref();
        if (bytes.len() + frame.len()) as u64 > limit {
            return Err(AppError::File(FileProblem::TooLarge { limit }));
        }
        bytes.extend_from_slice(frame);
        if kind.is_none() {
            kind = upload_rules::sniff(&bytes)
                .transpose()
                .map_err(AppError::File)?;
        }
    }
    match kind {
        Some(kind) => Ok((kind, bytes)),
        // The body ended before the first bytes could decide.
        None => Ok((
            upload_rules::check_file(&bytes, bytes.len() as u64, limit).map_err(AppError::File)?,
            bytes,
        )),
    }
}
