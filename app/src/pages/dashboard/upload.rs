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
    let dragging = RwSignal::new(false);
    let limit = ctx.data.with_untracked(|d| d.max_upload_bytes);

    // Called from the request's own handlers, so the request (which owns them) is not dropped
    // here: the next upload replaces it.
    let finish = move |name: String, status: u16, body: String| {
        if status == 200 {
            match serde_json::from_str::<UploadedResume>(&body) {
                Ok(uploaded) => {
                    ctx.draft.set(uploaded.resume);
                    ctx.server_errors.set(Vec::new());
                    let read = match uploaded.source {
                        ResumeSource::Json => format!("Imported {name}."),
                        _ => format!("Read {name}."),
                    };
                    let notice = uploaded.notice.map(|n| format!(" {n}")).unwrap_or_default();
                    phase.set(Phase::Done {
                        text: format!("{read}{notice} Check every field below, then press Save: nothing is saved until you do."),
                    });
                    ctx.message.set(Some((
                        Tone::Info,
                        "What was read from your file is below, not saved yet.".to_string(),
                    )));
                }
                Err(_) => phase.set(Phase::Failed {
                    text: "The answer from the server could not be read. Try again.".to_string(),
                }),
            }
        } else {
            let text = serde_json::from_str::<UploadErrorBody>(&body)
                .map(|b| b.error)
                .unwrap_or_else(|_| {
                    format!("The upload failed (error {status}). Try again in a minute.")
                });
            phase.set(Phase::Failed { text });
        }
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

    let hydrated = ctx.hydrated;
    view! {
        <section class="panel upload" aria-labelledby="upload-title">
            <h2 id="upload-title">"Upload your résumé"</h2>
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
                        begin(file);
                    }
                }
            >
                <p class="drop-hint">"Drop the PDF of your résumé here, or"</p>
                <input
                    id="resume-file"
                    class="file-input"
                    type="file"
                    accept=".pdf,application/pdf,.json,application/json"
                    disabled=move || !hydrated.get() || phase.with(Phase::busy)
                    on:change=move |ev| {
                        if let Some(file) = browser::file_from_input(&ev) {
                            begin(file);
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
            <details class="help">
                <summary>"Using LinkedIn?"</summary>
                <p>
                    "On LinkedIn, open your own profile, choose "<strong>"Resources"</strong>
                    " (or "<strong>"More"</strong>"), then "<strong>"Save to PDF"</strong>
                    ". Upload the PDF it downloads. A résumé from Word or Google Docs works too: "
                    "use File → Download → PDF."
                </p>
            </details>
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
        </section>
    }
    .into_any()
}
