//! Turning an uploaded PDF into a résumé: one [`Parser`] for the upload and for `vitae parse`.
//!
//! The built-in parser always runs first (off the async threads, with a time limit). With
//! `PARSER=llm` its result is then sent to the model with the PDF's text, so the model corrects
//! a draft rather than starting from nothing ([`llm`]); the answer is normalised and bounded like
//! the built-in parser's ([`normalise`]). Whatever goes wrong in the AI step — a timeout, a rate
//! limit, invalid JSON, a refusal, the daily limit — the person still gets the built-in result,
//! with a [`UploadedResume::notice`](crate::wire::UploadedResume::notice) saying so. Parsing never stores anything: the result replaces
//! a saved résumé only when the person saves it.

pub mod limits;
pub mod llm;
pub mod normalise;
pub mod schema;
pub mod worker;

use std::{sync::Arc, time::Duration};

use resume::parse::{ExtractedText, ParseError};

use self::{
    limits::Limits,
    llm::{LlmClient, LlmInput},
    worker::{Isolation, WorkerError},
};
use super::config::ParserConfig;
use crate::{
    error::AppError,
    wire::{ResumeSource, UploadedResume},
};

/// The longest the built-in parser may take for one PDF. Real résumés take well under a second;
/// 20 s leaves room for a slow, busy machine while a hostile PDF cannot hold a blocking thread —
/// or the person — for long.
pub const HEURISTIC_TIME_LIMIT: Duration = Duration::from_secs(20);

/// Why no résumé could be read from a PDF: the parser's own [`ParseError`] (the file), or the
/// reading around it (time, turns, the worker). Displays as one sentence the person can act on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadFailure {
    /// Not a PDF, encrypted, damaged, no text…: the built-in parser's own message.
    #[error("{0}")]
    Unreadable(#[from] ParseError),
    #[error("Reading this PDF took too long. Export it again from Word, Google Docs or LinkedIn and upload the new file.")]
    TimedOut,
    #[error("Your previous upload is still being read. Wait for it to finish, then try again.")]
    Busy,
    #[error("Something went wrong while reading this PDF. Try again in a minute.")]
    Internal,
}

/// What an upload answers when no résumé could be read: the file's fault (422), a turn still
/// taken (429), or ours (500).
impl From<ReadFailure> for AppError {
    fn from(failure: ReadFailure) -> Self {
        match failure {
            ReadFailure::Unreadable(_) | ReadFailure::TimedOut => {
                Self::Unreadable(failure.to_string())
            }
            ReadFailure::Busy => Self::StillReading,
            ReadFailure::Internal => Self::ReadFailed,
        }
    }
}

/// Reads résumés, with the configured parser and limits. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Parser {
    llm: Option<Arc<LlmParser>>,
    limits: Arc<Limits>,
    time_limit: Duration,
    /// Where the built-in parser runs: a bounded child process, except in tests.
    isolation: Isolation,
    /// Built-in parses running at once, across everyone: parsing is CPU-bound, so more than
    /// the cores only adds memory (a worker may take up to its address-space cap).
    cpu: Arc<tokio::sync::Semaphore>,
}

#[derive(Debug)]
struct LlmParser {
    client: LlmClient,
    daily_limit: u32,
}

impl Parser {
    /// The parser `config` asks for, running the built-in parser as `isolation` says. Fails
    /// only if the HTTP client cannot start.
    /// AI parses per person and day are counted in `counters`; `None` for the command line, which
    /// parses for nobody (`subject` is `None`) and so has no per-person limits.
    pub fn new(
        config: &ParserConfig,
        isolation: Isolation,
        counters: Option<crate::server::counters::Counters>,
    ) -> Result<Self, String> {
        let llm = match config {
            ParserConfig::Heuristic => None,
            ParserConfig::Llm(c) => Some(Arc::new(LlmParser {
                client: LlmClient::new(c)?,
                daily_limit: c.daily_limit,
            })),
        };
        Ok(Self {
            llm,
            limits: Arc::new(Limits::new(counters)),
            time_limit: HEURISTIC_TIME_LIMIT,
            isolation,
            cpu: Arc::new(tokio::sync::Semaphore::new(
                std::thread::available_parallelism().map_or(2, |n| n.get()),
            )),
        })
    }

    /// Changes the wait before the model is asked a second time (tests use a short one).
    pub fn with_retry_backoff(mut self, backoff: Duration) -> Self {
        if let Some(llm) = &self.llm {
            self.llm = Some(Arc::new(LlmParser {
                client: llm.client.clone().with_retry_backoff(backoff),
                daily_limit: llm.daily_limit,
            }));
        }
        self
    }

    /// Reads a résumé from a PDF. `subject` is the person (their user id), for the one-at-a-time
    /// and daily limits; `None` (the command line) has no limits.
    #[tracing::instrument(skip(self, bytes), fields(bytes = bytes.len()))]
    pub async fn parse_pdf(
        &self,
        subject: Option<&str>,
        bytes: Vec<u8>,
    ) -> Result<UploadedResume, ReadFailure> {
        let _permit = match subject {
            Some(s) => Some(self.limits.begin(s).ok_or(ReadFailure::Busy)?),
            None => None,
        };
        let (draft, extracted) = self.built_in(bytes).await?;
        let (Some(llm), Some(extracted)) = (&self.llm, extracted) else {
            return Ok(UploadedResume {
                resume: draft,
                notice: None,
                source: ResumeSource::Heuristic,
            });
        };
        if let Some(s) = subject {
            // Fail closed: a count that cannot be taken means no AI call (it costs money).
            match self.limits.take_daily(s, llm.daily_limit).await {
                Ok(true) => {}
                Ok(false) => {
                    return Ok(fallback(
                        draft,
                        format!(
                            "You have used today's {} AI reads; this result comes from the built-in parser. Check it before you save.",
                            llm.daily_limit
                        ),
                    ))
                }
                Err(e) => {
                    tracing::warn!(error = %e, "cannot count the daily AI parses; using the built-in parser");
                    return Ok(fallback(
                        draft,
                        "The AI reader is unavailable right now; this result comes from the built-in parser. Check it before you save.".to_string(),
                    ));
                }
            }
        }
        let input = LlmInput {
            text: &extracted.text,
            links: &extracted.links,
            draft: &draft,
        };
        let answer = match llm.client.complete(&input).await {
            Ok(answer) => answer,
            Err(e) => {
                tracing::warn!(error = %e, "the AI step failed; using the built-in parser's result");
                return Ok(fallback(draft, failed_notice(e.reason())));
            }
        };
        let source_text = format!("{}\n{}", extracted.text, extracted.links.join("\n"));
        let resume = normalise::normalise(answer);
        let resume = normalise::merge_contact(resume, &draft, &source_text);
        let resume = normalise::keep_draft_extras(resume, &draft);
        if let Err(errors) = resume::validate(&resume) {
            // normalise() bounds every field, so this is a bug; the person still gets a result.
            tracing::error!(?errors, "the normalised model answer does not validate");
            return Ok(fallback(
                draft,
                failed_notice("the model's answer was not a usable résumé"),
            ));
        }
        Ok(UploadedResume {
            resume,
            notice: None,
            source: ResumeSource::Llm,
        })
    }

    /// The built-in parser's result and, when a model will read it too, the PDF's text (both
    /// from one reading of the file), within the time limit.
    async fn built_in(
        &self,
        bytes: Vec<u8>,
    ) -> Result<(resume::Resume, Option<ExtractedText>), ReadFailure> {
        let want_text = self.llm.is_some();
        // Waiting for a turn is not parsing: the time limit starts once the turn comes.
        let _turn = self
            .cpu
            .acquire()
            .await
            .map_err(|_| ReadFailure::Internal)?;
        let answer = match &self.isolation {
            Isolation::Process(program) => {
                worker::run(program, bytes, want_text, self.time_limit).await
            }
            Isolation::InProcess => worker::run_here(bytes, want_text, self.time_limit).await,
        };
        match answer {
            Ok(Ok(answer)) => Ok((answer.resume, answer.text)),
            Ok(Err(unreadable)) => Err(ReadFailure::Unreadable(unreadable)),
            Err(WorkerError::TimedOut(limit)) => {
                tracing::warn!(?limit, "the built-in parser timed out");
                Err(ReadFailure::TimedOut)
            }
            // Killed by its memory or CPU cap, or crashed: the file made it so.
            Err(e @ WorkerError::Died { .. }) => {
                tracing::warn!(error = %e, "a PDF stopped the parse worker");
                Err(ReadFailure::Unreadable(ParseError::Damaged))
            }
            Err(e @ (WorkerError::Spawn { .. } | WorkerError::BadAnswer(_))) => {
                tracing::error!(error = %e, "the parse worker failed");
                Err(ReadFailure::Internal)
            }
        }
    }
}

fn failed_notice(reason: &str) -> String {
    format!(
        "The AI step failed ({reason}); this result comes from the built-in parser. Check it before you save."
    )
}

fn fallback(draft: resume::Resume, notice: String) -> UploadedResume {
    UploadedResume {
        resume: draft,
        notice: Some(notice),
        source: ResumeSource::Fallback,
    }
}
