//! The photo on a person's site: upload one (sent as the raw body of `POST /api/photo`, where it
//! is re-encoded and saved at once, like the style), replace it, or remove it. The saved résumé's
//! `imageUrl` points at it; the draft follows, so the preview shows it straight away and a later
//! Save keeps it.

use leptos::prelude::*;

use super::{
    browser::{self, PickedFile, Upload, UploadEvent},
    DashboardContext, Tone,
};
use crate::{
    api::site::{RemovePhoto, UseAccountPicture},
    site::photo_src,
    upload_rules::{is_own_photo, megabytes, MAX_PHOTO_BYTES},
    wire::{PhotoSaved, UploadErrorBody},
};

#[component]
pub fn PhotoField() -> AnyView {
    let ctx = DashboardContext::get();
    let status = RwSignal::new(None::<(Tone, String)>);
    let busy = RwSignal::new(false);
    // As in `upload`: a browser object lives in local storage; on the server it is never made.
    #[cfg(feature = "hydrate")]
    let current = StoredValue::new_local(None::<Upload>);
    #[cfg(not(feature = "hydrate"))]
    let current = StoredValue::new(None::<Upload>);
    let remove = ServerAction::<RemovePhoto>::new();
    let from_account = ServerAction::<UseAccountPicture>::new();
    // Accounts held by Clerk (not by Vitae) have a picture there, which can be the photo.
    let clerk_account = !ctx.data.with_untracked(|d| d.owns_account);
    let src = Memo::new(move |_| ctx.draft.with(|r| photo_src(&r.personal_info.image_url)));
    let ours = move |url: &str| ctx.data.with_untracked(|d| is_own_photo(&d.base_url, url));

    // The server saved the change already: the saved résumé and the draft both take it, so what
    // is unsaved stays exactly what it was.
    let set_url = move |url: String| {
        ctx.draft
            .update(|r| r.personal_info.image_url = url.clone());
        ctx.data.update(|d| {
            let mut saved = d.resume.clone().unwrap_or_default();
            saved.personal_info.image_url = url;
            d.resume = Some(saved);
        });
    };

    let answered = move |code: u16, body: String| {
        busy.set(false);
        if code == 200 {
            match serde_json::from_str::<PhotoSaved>(&body) {
                Ok(saved) => {
                    set_url(saved.url);
                    status.set(Some((
                        Tone::Done,
                        "Photo saved: your site shows it.".to_string(),
                    )));
                }
                Err(_) => status.set(Some((
                    Tone::Problem,
                    "The photo was sent but the answer did not read. Reload the page to see it."
                        .to_string(),
                ))),
            }
        } else {
            let text = serde_json::from_str::<UploadErrorBody>(&body)
                .map(|b| b.error)
                .unwrap_or_else(|_| format!("The photo was not saved (error {code}). Try again."));
            status.set(Some((Tone::Problem, text)));
        }
    };

    let send = move |file: PickedFile| {
        if file.size() > MAX_PHOTO_BYTES as u64 {
            status.set(Some((
                Tone::Problem,
                format!(
                    "The photo is larger than {}: choose a smaller one.",
                    megabytes(MAX_PHOTO_BYTES as u64)
                ),
            )));
            return;
        }
        busy.set(true);
        status.set(Some((Tone::Info, "Uploading your photo…".to_string())));
        let on_event = move |event: UploadEvent| match event {
            UploadEvent::Answered { status: code, body } => answered(code, body),
            UploadEvent::NetworkError => {
                busy.set(false);
                status.set(Some((
                    Tone::Problem,
                    "The connection was lost during the upload. Try again.".to_string(),
                )));
            }
            UploadEvent::Progress { .. } | UploadEvent::Sent => {}
        };
        match browser::start_upload("/api/photo", &file, on_event) {
            Ok(upload) => current.set_value(Some(upload)),
            Err(text) => {
                busy.set(false);
                status.set(Some((Tone::Problem, text)));
            }
        }
    };

    Effect::new(move |_| {
        let Some(result) = remove.value().get() else {
            return;
        };
        match result {
            Ok(()) => {
                let url = ctx
                    .draft
                    .with_untracked(|r| r.personal_info.image_url.clone());
                if ours(&url) {
                    set_url(String::new());
                }
                status.set(Some((
                    Tone::Done,
                    "Photo removed: your site shows your initials.".to_string(),
                )));
            }
            Err(e) => status.set(Some((
                Tone::Problem,
                format!("The photo was not removed: {e}"),
            ))),
        }
    });

    Effect::new(move |_| {
        let Some(result) = from_account.value().get() else {
            return;
        };
        match result {
            Ok(url) => {
                set_url(url);
                status.set(Some((
                    Tone::Done,
                    "Your account's picture is your photo now: your site shows it.".to_string(),
                )));
            }
            Err(e) => status.set(Some((Tone::Problem, e.to_string()))),
        }
    });

    let has_photo = Memo::new(move |_| src.with(Option::is_some));
    view! {
        <div class="photo-field">
            <div class="photo-thumb">
                {move || match src.get() {
                    Some(s) => view! { <img src=s alt="Your photo" width="72" height="72"/> }.into_any(),
                    None => view! { <span class="photo-none">"No photo"</span> }.into_any(),
                }}
            </div>
            <div class="photo-controls">
                <label for="photo-input">"Photo"</label>
                <input
                    id="photo-input"
                    type="file"
                    accept="image/jpeg,image/png,image/webp"
                    disabled=move || !ctx.hydrated.get() || busy.get()
                    on:change=move |ev| {
                        if let Some(file) = browser::file_from_input(&ev) {
                            send(file);
                        }
                    }
                />
                <button
                    type="button"
                    hidden=move || !clerk_account || has_photo.get()
                    on:click=move |_| {
                        status.set(Some((Tone::Info, "Fetching your account's picture…".to_string())));
                        from_account.dispatch(UseAccountPicture {});
                    }
                    disabled=move || !ctx.hydrated.get() || busy.get() || from_account.pending().get()
                >
                    "Use your account picture"
                </button>
                <Show when=move || has_photo.get()>
                    <button
                        type="button"
                        on:click=move |_| {
                            status.set(None);
                            remove.dispatch(RemovePhoto {});
                        }
                        disabled=move || !ctx.hydrated.get() || remove.pending().get()
                    >
                        "Remove photo"
                    </button>
                </Show>
                <p class="hint">
                    "JPEG, PNG or WebP, up to 10 MB. Saved at once, cropped square; its metadata (such as where it was taken) is removed."
                </p>
                <p role="status" class=move || status.with(|s| s.as_ref().map_or("", |(t, _)| t.class()))>
                    {move || status.get().map(|(_, text)| text)}
                </p>
            </div>
        </div>
    }
    .into_any()
}
