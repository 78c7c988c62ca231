//! Uploading a résumé: a drop zone and a file button, the browser's own check of the file (the
//! rules in [`upload_rules`](crate::upload_rules), the same the server applies), then the upload
//! with its progress, "reading your résumé", and the result opened in the editor as unsaved
//! changes. Cancel works until the answer arrives. Whatever goes wrong, the saved résumé is
//! untouched: this never saves.

use leptos::{prelude::*, task::spawn_local};

use super::{
    browser::{self, PickedFile, Upload, UploadEvent},
    DashboardContext, Tone,
};
use crate::{
    upload_rules::{check_file, megabytes, SNIFF_BYTES},
    wire::{ResumeSource, UploadErrorBody, UploadedResume},
};

/// Where an upload stands.
#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Idle,
    /// Reading the first bytes locally.
    Checking {
        name: String,
    },
    Sending {
        name: String,
        percent: u8,
    },
    /// Sent; the server is reading the résumé.
    Reading {
        name: String,
    },
    Done {
        text: String,
    },
    Failed {
        text: String,
    },
}

impl Phase {
    fn busy(&self) -> bool {
        matches!(
            self,
            Self::Checking { .. } | Self::Sending { .. } | Self::Reading { .. }
        )
    }
}

#[component]
pub fn UploadPanel() -> AnyView {
    let ctx = DashboardContext::get();
    let phase = RwSignal::new(Phase::Idle);
    // The request in flight. A browser object (not `Send`) lives in local storage; on the server
    // (where it is never made) the value must be `Send`, as SSR moves between threads.
    #[cfg(feature = "hydrate")]
    let current = StoredValue::new_local(None::<Upload>);
    #[cfg(not(feature = "hydrate"))]
    let current = StoredValue::new(None::<Upload>);
    let limit = ctx.data.with_untracked(|d| d.max_upload_bytes);

    // Called from the request's own handlers, so the request (which owns them) is not dropped
    // here: the next upload replaces it.
    let finish = move |name: String, status: u16, body: String| {
        let (next, uploaded) = answered(&name, status, &body);
        if let Some(uploaded) = uploaded {
            ctx.draft.set(uploaded.resume);
            ctx.server_errors.set(Vec::new());
            ctx.message.set(Some((
                Tone::Info,
                "What was read from your file is below, not saved yet.".to_string(),
            )));
        }
        phase.set(next);
    };

    let send = move |file: PickedFile| {
        let name = file.name();
        phase.set(Phase::Sending {
            name: name.clone(),
            percent: 0,
        });
        let on_event = {
            let name = name.clone();
            move |event: UploadEvent| match event {
                UploadEvent::Progress { loaded, total } => {
                    if total > 0.0 {
                        let percent = ((loaded / total) * 100.0).clamp(0.0, 100.0) as u8;
                        phase.update(|p| {
                            if let Phase::Sending { percent: p, .. } = p {
                                *p = percent;
                            }
                        });
                    }
                }
                UploadEvent::Sent => phase.update(|p| {
                    if matches!(p, Phase::Sending { .. }) {
                        *p = Phase::Reading { name: name.clone() };
                    }
                }),
                UploadEvent::Answered { status, body } => finish(name.clone(), status, body),
                UploadEvent::NetworkError => {
                    phase.set(Phase::Failed {
                        text: "The connection was lost during the upload. Check your connection and try again.".to_string(),
                    });
                }
            }
        };
        match browser::start_upload("/api/upload", &file, on_event) {
            Ok(upload) => current.set_value(Some(upload)),
            Err(text) => phase.set(Phase::Failed { text }),
        }
    };

    let begin = move |file: PickedFile| {
        if phase.with_untracked(Phase::busy) {
            return;
        }
        if ctx.unsaved.get_untracked()
            && !browser::confirm(
                "Replace your unsaved changes with what is read from this file? Your saved résumé stays as it is.",
            )
        {
            return;
        }
        phase.set(Phase::Checking { name: file.name() });
        spawn_local(async move {
            let checked = match browser::file_head(&file, SNIFF_BYTES).await {
                Ok(head) => check_file(&head, file.size(), limit).map_err(|p| p.to_string()),
                Err(text) => Err(text),
            };
            match checked {
                Ok(_) => send(file),
                Err(text) => phase.set(Phase::Failed { text }),
            }
        });
    };

    let cancel = move |_| {
        current.update_value(|u| {
            if let Some(upload) = u.take() {
                upload.cancel();
            }
        });
        phase.set(Phase::Failed {
            text: "Upload cancelled.".to_string(),
        });
    };

    let disabled = Signal::derive(move || !ctx.hydrated.get() || phase.with(Phase::busy));
    view! {
        <section class="panel upload" aria-labelledby="upload-title">
            <h2 id="upload-title">"Upload your résumé"</h2>
            <DropZone on_file=Callback::new(begin) disabled limit/>
            <LinkedInHelp/>
            <UploadStatus phase on_cancel=Callback::new(cancel)/>
        </section>
    }
    .into_any()
}

/// What an answer from `POST /api/upload` means: the next phase and, on success, the résumé read.
fn answered(name: &str, status: u16, body: &str) -> (Phase, Option<UploadedResume>) {
    if status != 200 {
        let text = serde_json::from_str::<UploadErrorBody>(body)
            .map(|b| b.error)
            .unwrap_or_else(|_| {
                format!("The upload failed (error {status}). Try again in a minute.")
            });
        return (Phase::Failed { text }, None);
    }
    match serde_json::from_str::<UploadedResume>(body) {
        Ok(uploaded) => {
            let read = match uploaded.source {
                ResumeSource::Json => format!("Imported {name}."),
                _ => format!("Read {name}."),
            };
            let notice = uploaded
                .notice
                .as_ref()
                .map(|n| format!(" {n}"))
                .unwrap_or_default();
            let text = format!("{read}{notice} Check every field below, then press Save: nothing is saved until you do.");
            (Phase::Done { text }, Some(uploaded))
        }
        Err(_) => (
            Phase::Failed {
                text: "The answer from the server could not be read. Try again.".to_string(),
            },
            None,
        ),
    }
}

/// Where a file is dropped or picked; it hands the file on and says how large it may be.
#[component]
fn DropZone(on_file: Callback<PickedFile>, disabled: Signal<bool>, limit: u64) -> impl IntoView {
    let dragging = RwSignal::new(false);
    view! {
        <div
            class="drop-zone"
            class:dragging=move || dragging.get()
            on:dragover=move |ev| {
                ev.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |ev| {
                ev.prevent_default();
                dragging.set(false);
                if let Some(file) = browser::file_from_drop(&ev) {
                    on_file.run(file);
                }
            }
        >
            <p class="drop-hint">"Drop the PDF of your résumé here, or"</p>
            <input
                id="resume-file"
                class="file-input"
                type="file"
                accept=".pdf,application/pdf,.json,application/json"
                disabled=move || disabled.get()
                on:change=move |ev| {
                    if let Some(file) = browser::file_from_input(&ev) {
                        on_file.run(file);
                    }
                }
            />
            <label for="resume-file" class="button primary file-button">
                "Upload your résumé (PDF)"
            </label>
            <p class="hint">
                {format!("A PDF up to {}, or a JSON Resume file (.json).", megabytes(limit))}
            </p>
        </div>
    }
}

/// How to get a PDF out of LinkedIn (the most common upload).
#[component]
fn LinkedInHelp() -> impl IntoView {
    view! {
        <details class="help">
            <summary>"Using LinkedIn?"</summary>
            <p>
                "On LinkedIn, open your own profile, choose "<strong>"Resources"</strong>
                " (or "<strong>"More"</strong>"), then "<strong>"Save to PDF"</strong>
                ". Upload the PDF it downloads. A résumé from Word or Google Docs works too: "
                "use File → Download → PDF."
            </p>
        </details>
    }
}

/// Where the upload stands, announced to screen readers; Cancel while it is under way.
#[component]
fn UploadStatus(phase: RwSignal<Phase>, on_cancel: Callback<()>) -> impl IntoView {
    let cancel = move |_| on_cancel.run(());
    view! {
        <div class="upload-status" role="status" aria-live="polite">
            {move || match phase.get() {
                Phase::Idle => ().into_any(),
                Phase::Checking { name } => view! { <p>{format!("Checking {name}…")}</p> }.into_any(),
                Phase::Sending { name, percent } => view! {
                    <div class="progress-row">
                        <label for="upload-progress">{format!("Uploading {name}… {percent}%")}</label>
                        <progress id="upload-progress" max="100" value=percent.to_string()></progress>
                        <button type="button" on:click=cancel>"Cancel"</button>
                    </div>
                }
                .into_any(),
                Phase::Reading { .. } => view! {
                    <div class="progress-row">
                        <span class="spinner" aria-hidden="true"></span>
                        <span>"Reading your résumé…"</span>
                        <button type="button" on:click=cancel>"Cancel"</button>
                    </div>
                }
                .into_any(),
                Phase::Done { text } => view! { <p class="upload-done">{text}</p> }.into_any(),
                Phase::Failed { text } => view! {
                    <div class="upload-failed" role="alert">
                        <p>{text}</p>
                        <p class="hint">"Your saved résumé is unchanged."</p>
                    </div>
                }
                .into_any(),
            }}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_upload_answer_becomes_the_next_phase() {
        let refused = r#"{"error":"This file is empty. Choose your résumé's PDF and try again."}"#;
        let (phase, uploaded) = answered("cv.pdf", 400, refused);
        assert_eq!(
            phase,
            Phase::Failed {
                text: "This file is empty. Choose your résumé's PDF and try again.".into()
            },
            "the server's sentence is shown"
        );
        assert!(uploaded.is_none());
        let (phase, _) = answered("cv.pdf", 502, "<html>Bad gateway</html>");
        assert_eq!(
            phase,
            Phase::Failed {
                text: "The upload failed (error 502). Try again in a minute.".into()
            },
            "an answer that is not ours still says something"
        );
        let ok = r#"{"resume":{},"notice":"The AI step failed.","source":"fallback"}"#;
        let (phase, uploaded) = answered("cv.pdf", 200, ok);
        assert!(
            matches!(&phase, Phase::Done { text } if text.starts_with("Read cv.pdf. The AI step failed. Check every field")),
            "{phase:?}"
        );
        assert!(uploaded.is_some());
    }
}
