//! Reading a PDF in a child process, so that no PDF can take the server down.
//!
//! A PDF is a program, and the library that runs it was not written for hostile input: from a
//! 3 KB file whose object stream lists a thousand objects at the offset of one 100,000-integer
//! array, lopdf's loader built that array a thousand times (11.7 GB). Limits inside the parser
//! cannot promise to catch the next such bug, so the server never reads an upload itself. It runs
//! `PARSE_WORKER parse-worker` (the `vitae` binary), writes the bytes to its stdin and reads one
//! JSON answer from its stdout. The child caps its own address space and CPU time before it reads
//! a byte, and the parent kills it at the time limit: whatever a PDF does, it costs one child.
//!
//! The child starts with an empty environment, so no secret (database URL, API keys) is ever in
//! the process that runs the untrusted file.

use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
    process::{ExitCode, Stdio},
    time::Duration,
};

use resume::{
    parse::{ExtractedText, ParseError},
    Resume,
};
use serde::{Deserialize, Serialize};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

/// The `vitae` subcommand that reads one PDF from stdin.
pub const WORKER_COMMAND: &str = "parse-worker";
/// The flag asking the worker for the PDF's text as well (for the AI step).
pub const WITH_TEXT_FLAG: &str = "--text";

/// Address space of one worker. A 5 MB résumé PDF peaks below 50 MB of heap; the binary, its
/// libraries and the stack map about 60 MB more. 512 MiB is several times what any real résumé
/// needs, and two workers at once (one per core) cannot press a 2 GB machine.
pub const WORKER_ADDRESS_SPACE: u64 = 512 * 1024 * 1024;
/// CPU seconds of one worker: a backstop behind the parent's own time limit (which kills it), in
/// case the parent is gone.
pub const WORKER_CPU_SECONDS: u64 = 30;
/// The largest answer read from a worker. A résumé is bounded by the model's validation and the
/// text by the parser's glyph limit (100,000 glyphs); 16 MiB is far above both.
const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;
/// What is kept of a worker's stderr for the log (an abort message, a panic line).
const MAX_STDERR_BYTES: usize = 2048;

/// What a worker answers when it could read the PDF.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    pub resume: Resume,
    /// The PDF's text and links, when asked for ([`WITH_TEXT_FLAG`]).
    pub text: Option<ExtractedText>,
}

/// A worker's whole answer: the résumé, or the parser's sentence for an unreadable file.
pub type WorkerAnswer = Result<Answer, ParseError>;

/// Where the built-in parser runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Isolation {
    /// In a child process, `PROGRAM parse-worker`, bounded in memory and time: what the server
    /// and `vitae parse` use.
    Process(PathBuf),
    /// On a blocking thread of this process, bounded in time only. For tests of the code around
    /// the parser in crates that have no `vitae` binary to start; never for uploads.
    InProcess,
}

/// Why a worker gave no answer. For the log: the person hears a [`super::ReadFailure`].
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    #[error("cannot start the parse worker {}: {source}", program.display())]
    Spawn {
        program: PathBuf,
        source: std::io::Error,
    },
    /// Killed by its limits (an allocation over the address-space cap aborts it) or crashed.
    #[error("the parse worker ended without an answer ({status}): {stderr}")]
    Died { status: String, stderr: String },
    #[error("the parse worker's answer does not read: {0}")]
    BadAnswer(String),
    #[error("the parse worker took longer than {0:?} and was killed")]
    TimedOut(Duration),
}

/// Reads `bytes` in a child process running `program parse-worker`, killing it after
/// `time_limit`.
#[tracing::instrument(skip(bytes), fields(bytes = bytes.len()))]
pub async fn run(
    program: &Path,
    bytes: Vec<u8>,
    want_text: bool,
    time_limit: Duration,
) -> Result<WorkerAnswer, WorkerError> {
    let mut command = tokio::process::Command::new(program);
    command.arg(WORKER_COMMAND);
    if want_text {
        command.arg(WITH_TEXT_FLAG);
    }
    command
        .env_clear()
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    let mut child = command.spawn().map_err(|source| WorkerError::Spawn {
        program: program.to_path_buf(),
        source,
    })?;
    let (Some(mut stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        unreachable!("all three streams were asked to be piped");
    };
    let exchange = async {
        let write = async move {
            // A worker that dies early closes its stdin: the answer (or its absence) says why.
            let _ = stdin.write_all(&bytes).await;
            drop(stdin);
        };
        let ((), out, err, status) = tokio::join!(
            write,
            read_capped(stdout, MAX_ANSWER_BYTES),
            read_capped(stderr, MAX_STDERR_BYTES),
            child.wait(),
        );
        (out, err, status)
    };
    let (out, err, status) = match tokio::time::timeout(time_limit, exchange).await {
        Ok(done) => done,
        Err(_) => {
            let _ = child.kill().await;
            return Err(WorkerError::TimedOut(time_limit));
        }
    };
    let stderr = String::from_utf8_lossy(&err.unwrap_or_default())
        .trim()
        .to_string();
    let status = status.map_err(|e| WorkerError::Died {
        status: format!("cannot wait for it: {e}"),
        stderr: stderr.clone(),
    })?;
    if !status.success() {
        return Err(WorkerError::Died {
            status: describe(status),
            stderr,
        });
    }
    let out = out.map_err(|e| WorkerError::BadAnswer(e.to_string()))?;
    serde_json::from_slice(&out).map_err(|e| WorkerError::BadAnswer(e.to_string()))
}

/// Reads `bytes` on a blocking thread of this process ([`Isolation::InProcess`]).
pub async fn run_here(
    bytes: Vec<u8>,
    want_text: bool,
    time_limit: Duration,
) -> Result<WorkerAnswer, WorkerError> {
    let span = tracing::Span::current();
    let task = tokio::task::spawn_blocking(move || span.in_scope(|| read(&bytes, want_text)));
    match tokio::time::timeout(time_limit, task).await {
        Err(_) => Err(WorkerError::TimedOut(time_limit)),
        Ok(Err(join)) => Err(WorkerError::Died {
            status: "the parsing thread failed".into(),
            stderr: join.to_string(),
        }),
        Ok(Ok(answer)) => Ok(answer),
    }
}

/// The parser itself: the same in a worker and in process. The file is read once, for the
/// résumé and (when asked) its text.
fn read(bytes: &[u8], want_text: bool) -> WorkerAnswer {
    if want_text {
        let (resume, text) = resume::parse::parse_pdf_with_text(bytes)?;
        Ok(Answer {
            resume,
            text: Some(text),
        })
    } else {
        Ok(Answer {
            resume: resume::parse::parse_pdf(bytes)?,
            text: None,
        })
    }
}

/// Reads at most `cap` bytes; more is an error (and the rest is left unread).
async fn read_capped(mut from: impl AsyncRead + Unpin, cap: usize) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    (&mut from)
        .take(cap as u64 + 1)
        .read_to_end(&mut buf)
        .await?;
    if buf.len() > cap {
        return Err(std::io::Error::other(format!(
            "the answer is over {cap} bytes"
        )));
    }
    Ok(buf)
}

fn describe(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("killed by signal {signal}");
        }
    }
    status.to_string()
}

/// `vitae parse-worker [--text]`: the child's side. Limits itself, reads one PDF from stdin,
/// writes one [`WorkerAnswer`] as JSON to stdout. Exits non-zero only when it cannot answer.
pub fn serve_one(want_text: bool) -> ExitCode {
    if let Err(e) = limit_this_process() {
        // Reading a hostile file without its limits is what this process exists to prevent.
        eprintln!("parse-worker: cannot set resource limits: {e}");
        return ExitCode::FAILURE;
    }
    let mut bytes = Vec::new();
    let max = resume::parse::limits::MAX_INPUT_BYTES;
    if let Err(e) = std::io::stdin()
        .lock()
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
    {
        eprintln!("parse-worker: cannot read the PDF: {e}");
        return ExitCode::FAILURE;
    }
    let answer = read(&bytes, want_text);
    let mut out = std::io::stdout().lock();
    let written = serde_json::to_writer(&mut out, &answer)
        .map_err(std::io::Error::from)
        .and_then(|()| out.flush());
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("parse-worker: cannot write the answer: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Caps this process's address space and CPU time, and turns off core dumps (an aborted worker
/// would otherwise write its hundreds of megabytes to disk).
#[cfg(unix)]
fn limit_this_process() -> std::io::Result<()> {
    set_limit(libc::RLIMIT_AS, WORKER_ADDRESS_SPACE)?;
    set_limit(libc::RLIMIT_CPU, WORKER_CPU_SECONDS)?;
    set_limit(libc::RLIMIT_CORE, 0)
}

#[cfg(all(target_os = "linux", target_env = "gnu"))]
type Resource = libc::__rlimit_resource_t;
#[cfg(all(unix, not(all(target_os = "linux", target_env = "gnu"))))]
type Resource = libc::c_int;

#[cfg(unix)]
fn set_limit(resource: Resource, value: u64) -> std::io::Result<()> {
    let limit = libc::rlimit {
        rlim_cur: value as libc::rlim_t,
        rlim_max: value as libc::rlim_t,
    };
    // SAFETY: setrlimit reads the struct we pass and changes only this process's limits.
    if unsafe { libc::setrlimit(resource, &limit) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn limit_this_process() -> std::io::Result<()> {
    Err(std::io::Error::other(
        "resource limits for the parse worker need a Unix system",
    ))
}
