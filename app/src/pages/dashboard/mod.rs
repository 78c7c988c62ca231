//! `/dashboard`: where a signed-in person uploads, edits, styles and publishes their site.
//! Anonymous visitors never get here from the server (the router redirects them to `/sign-in`).
//!
//! - What it reads and changes: the server functions in [`crate::api`], their answers in
//!   [`crate::wire`]; what an uploaded file must be in [`crate::upload_rules`].
//! - [`upload`]: the drop zone, progress and cancel. [`editor`]: every field, Save and Discard,
//!   built from [`fields`] over [`place`]s in the draft. [`preview`]: the draft as the site.
//! - [`guide`]: a new person's four steps (upload, check, address, publish) and the moment their
//!   site first goes live.
//! - [`settings`]: address, publish, style, username; deleting the résumé or the account.
//! - [`browser`]: the calls into the browser (files, the upload request, local storage, …).
//!
//! No work is lost: the editor holds a draft apart from the saved résumé; an upload only fills
//! the draft; the draft is kept in the browser's local storage until it is saved or discarded
//! (a reload or a crash restores it), and leaving the page with unsaved changes asks first.

pub mod browser;
pub mod editor;
pub mod fields;
pub mod guide;
pub mod photo;
pub mod place;
pub mod preview;
pub mod settings;
pub mod upload;

use leptos::prelude::*;
use resume::{FieldError, Resume};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::error::AppError;
use crate::wire::DashboardData;

/// How a message reads: something done, something to know, or a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Done,
    Info,
    Problem,
}

impl Tone {
    pub fn class(self) -> &'static str {
        match self {
            Self::Done => "ok",
            Self::Info => "info",
            Self::Problem => "field-error",
        }
    }
}

/// A call put off until changes pause (a username or a name being typed, a draft being edited):
/// each new [`Pause::restart`] cancels the call still waiting.
#[derive(Clone, Copy, Default)]
pub struct Pause(StoredValue<Option<TimeoutHandle>>);

impl Pause {
    /// Cancels the call still waiting, if there is one.
    pub fn cancel(self) {
        if let Some(t) = self.0.get_value() {
            t.clear();
        }
    }

    /// Cancels the call still waiting and runs `call` once `delay` has passed.
    pub fn restart(self, delay: std::time::Duration, call: impl FnOnce() + 'static) {
        self.cancel();
        self.0.set_value(set_timeout_with_handle(call, delay).ok());
    }
}

/// What the dashboard's parts share, provided as context by [`Dashboard`].
#[derive(Clone, Copy)]
pub struct DashboardContext {
    /// The server's last word on the person's row: the saved résumé, username, style, live.
    /// Parts that change something on the server update it with the answer.
    pub data: RwSignal<DashboardData>,
    /// What the editor holds: the saved résumé plus unsaved changes.
    pub draft: RwSignal<Resume>,
    /// The saved résumé (empty before the first save).
    pub saved: Memo<Resume>,
    /// The draft differs from the saved résumé.
    pub unsaved: Memo<bool>,
    /// `resume::validate` on the draft, plus what the server said at the last save.
    pub errors: Memo<Vec<FieldError>>,
    pub server_errors: RwSignal<Vec<FieldError>>,
    /// The editor's message line (what a save, an upload or a restore said).
    pub message: RwSignal<Option<(Tone, String)>>,
    /// The page is interactive: before that, buttons are disabled rather than dead.
    pub hydrated: ReadSignal<bool>,
    /// The page is being left on purpose (the account was deleted): do not ask.
    pub leaving: RwSignal<bool>,
    /// The step guide shows: the site was not live when the page loaded, and it has not been
    /// published since.
    pub first_run: RwSignal<bool>,
    /// The person kept the address made from their e-mail on purpose.
    pub address_kept: RwSignal<bool>,
    /// The address is one the person chose, not the one the server made from their e-mail.
    pub address_chosen: Memo<bool>,
    /// The address the résumé's name suggests, while the address is still the e-mail's.
    pub suggested: Memo<Option<String>>,
    /// The site has just gone live for the first time: the moment shows.
    pub launched: RwSignal<bool>,
}

impl DashboardContext {
    pub fn get() -> Self {
        expect_context::<Self>()
    }

    /// Where this person's unsaved draft is kept in the browser.
    fn draft_key(&self) -> String {
        format!(
            "vitae-draft:{}",
            self.data.with_untracked(|d| d.email.to_lowercase())
        )
    }

    /// Removes the draft kept in the browser.
    pub fn forget_draft(&self) {
        browser::unstore(&self.draft_key());
    }
}

/// A draft as kept in local storage.
#[derive(Serialize, Deserialize)]
struct StoredDraft {
    /// When the saved résumé it started from was saved.
    base: String,
    resume: Resume,
}

/// The element the browser hydrates: the dashboard itself. The header and the rest of the page
/// around it are server-rendered HTML that works without the wasm (the sign-out form posts, the
/// theme toggle is a few lines of plain JS), so the bundle carries none of their code.
pub const ROOT_ID: &str = "dashboard-root";
/// The `<script type="application/json">` the server puts the dashboard's data in (with the
/// request's nonce, like every script element of the app, although a data block never runs),
/// read by the browser before it hydrates: the data arrives with the page rather than through an async
/// resource, whose machinery would weigh more than the rest of the dashboard's reading.
pub const DATA_ID: &str = "dashboard-data";

#[cfg(feature = "ssr")]
#[component]
pub fn DashboardPage() -> impl IntoView {
    use crate::{api::account::get_dashboard, components::header::SiteHeader};
    use leptos_meta::Title;
    view! {
        <Title text="Dashboard"/>
        <SiteHeader/>
        <main id="main" class="dashboard">
            <noscript>
                <p class="form-error">"The dashboard needs JavaScript: turn it on to upload and edit your résumé."</p>
            </noscript>
            <Suspense fallback=|| view! { <p class="loading">"Loading your dashboard…"</p> }>
                {Suspend::new(async move {
                    match get_dashboard().await {
                        Ok(data) => {
                            let json = data_json(&data);
                            view! {
                                <script type="application/json" id=DATA_ID nonce=use_nonce() inner_html=json></script>
                                <div id=ROOT_ID>
                                    <Dashboard data/>
                                </div>
                            }
                            .into_any()
                        }
                        Err(AppError::Unauthenticated) => view! {
                            <h1>"Your site"</h1>
                            <p><a href="/sign-in?return_to=/dashboard">"Sign in"</a>" to see your dashboard."</p>
                        }
                        .into_any(),
                        Err(e) => view! {
                            <h1>"Your site"</h1>
                            <p class="form-error" role="alert">{e.to_string()}</p>
                            <p><a href="/dashboard" rel="external">"Reload"</a></p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// The data as the page carries it: JSON, where a `<` (only ever inside a string) is written
/// `\u003c`, so no text in a résumé can close the script element or open a comment.
#[cfg(feature = "ssr")]
pub fn data_json(data: &DashboardData) -> String {
    serde_json::to_string(data)
        .unwrap_or_else(|_| "null".into())
        .replace('<', "\\u003c")
}

/// The browser's entry point: reads the data the server put in the page and hydrates the
/// dashboard from [`ROOT_ID`]. A page without them (signed out, or the server's error) is left as
/// served.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    use leptos::wasm_bindgen::JsCast;
    let document = document();
    let (Some(root), Some(json)) = (
        document.get_element_by_id(ROOT_ID),
        document
            .get_element_by_id(DATA_ID)
            .and_then(|e| e.text_content()),
    ) else {
        return;
    };
    let data = match serde_json::from_str::<DashboardData>(&json) {
        Ok(data) => data,
        Err(e) => {
            leptos::logging::error!("the dashboard's data did not read: {e}");
            return;
        }
    };
    leptos::mount::hydrate_from(root.unchecked_into(), move || {
        crate::components::hydration::provide_hydrated();
        view! { <Dashboard data/> }
    })
    .forget();
}

#[component]
fn Dashboard(data: DashboardData) -> AnyView {
    let draft = RwSignal::new(data.resume.clone().unwrap_or_default());
    let data = RwSignal::new(data);
    let saved = Memo::new(move |_| data.with(|d| d.resume.clone().unwrap_or_default()));
    let unsaved = Memo::new(move |_| draft.with(|r| saved.with(|s| r != s)));
    let server_errors = RwSignal::new(Vec::<FieldError>::new());
    let errors = Memo::new(move |_| {
        let mut all = draft.with(|r| resume::validate(r).err().unwrap_or_default());
        server_errors.with(|server| {
            for e in server {
                if !all.contains(e) {
                    all.push(e.clone());
                }
            }
        });
        all
    });
    let hydrated = crate::components::hydration::hydrated();
    // From the server's data only, so the server and the browser render the same page. Until
    // the site is live the steps stay: a person who saved last week and comes back to publish is
    // shown where they are, and one who unpublished is shown the way back.
    let first_run = data.with_untracked(|d| !d.is_live);
    let has_saved = data.with_untracked(|d| d.resume.is_some());
    let address_kept = RwSignal::new(false);
    let (address_chosen, suggested) = guide::address_memos(data, draft, address_kept);
    let ctx = DashboardContext {
        data,
        draft,
        saved,
        unsaved,
        errors,
        server_errors,
        message: RwSignal::new(None),
        hydrated,
        leaving: RwSignal::new(false),
        first_run: RwSignal::new(first_run),
        address_kept,
        address_chosen,
        suggested,
        launched: RwSignal::new(false),
    };
    provide_context(ctx);
    keep_draft_in_browser(ctx);

    // On a phone the editor and the preview take turns (the switch); side by side on a wide
    // screen, and both shown, one after the other, without JavaScript.
    let showing_preview = RwSignal::new(false);
    view! {
        <div class="dash-head">
            <h1>"Your dashboard"</h1>
            // One way out: the header's Sign out.
            <p class="hint signed-in">
                "Signed in as " <strong>{move || data.with(|d| d.email.clone())}</strong>
            </p>
        </div>
        <guide::Guide/>
        <div class="dash-top">
            <upload::UploadPanel/>
            <settings::SitePanel/>
        </div>
        <div class="view-switch" role="group" aria-label="Show">
            <button
                type="button"
                aria-pressed=move || (!showing_preview.get()).to_string()
                on:click=move |_| showing_preview.set(false)
                disabled=move || !hydrated.get()
            >
                "Edit"
            </button>
            <button
                type="button"
                aria-pressed=move || showing_preview.get().to_string()
                on:click=move |_| showing_preview.set(true)
                disabled=move || !hydrated.get()
            >
                "Preview"
            </button>
        </div>
        <div class="workspace" class:showing-preview=move || showing_preview.get() class:showing-editor=move || hydrated.get() && !showing_preview.get()>
            <editor::Editor/>
            <preview::Preview/>
        </div>
        // Out of the way while a new person finds their feet; one click away all the same.
        // Folded only for a person with nothing saved yet, who has nothing to delete but the account.
        <settings::DangerZone open=has_saved/>
    }
    .into_any()
}

/// Restores a draft left in this browser (once, after hydration), then keeps every change of the
/// draft there until it is saved or discarded; and asks before the page is left with unsaved
/// changes.
fn keep_draft_in_browser(ctx: DashboardContext) {
    let key = ctx.draft_key();
    let restored = StoredValue::new(false);
    Effect::new(move |_| {
        ctx.draft.track();
        let unsaved = ctx.unsaved.get();
        if !restored.get_value() {
            restored.set_value(true);
            browser::guard_leaving(move || {
                ctx.unsaved.try_get_untracked().unwrap_or(false)
                    && !ctx.leaving.try_get_untracked().unwrap_or(true)
            });
            let stored = browser::stored(&key)
                .and_then(|text| serde_json::from_str::<StoredDraft>(&text).ok());
            if let Some(stored) = stored {
                if stored.resume != ctx.saved.get_untracked() {
                    let changed = stored.base != ctx.data.with_untracked(|d| d.updated_at.clone());
                    ctx.draft.set(stored.resume);
                    ctx.message.set(Some((
                        Tone::Info,
                        if changed {
                            "Restored the unsaved changes you left in this browser. Your saved résumé has changed since (perhaps on another device): check them, then Save, or Discard them."
                        } else {
                            "Restored the unsaved changes you left in this browser: Save them, or Discard them."
                        }
                        .to_string(),
                    )));
                    return;
                }
            }
        }
        if unsaved {
            let stored = StoredDraft {
                base: ctx.data.with_untracked(|d| d.updated_at.clone()),
                resume: ctx.draft.get_untracked(),
            };
            if let Ok(text) = serde_json::to_string(&stored) {
                browser::store(&key, &text);
            }
        } else {
            browser::unstore(&key);
        }
    });
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::{data_json, DashboardData};

    #[test]
    fn the_data_block_reads_back_whole_and_no_text_can_close_it() {
        let mut data = DashboardData::new_account("ana@example.org", "ana");
        let mut resume = resume::Resume::default();
        resume.personal_info.name = "</script><script>alert(1)</script><!-- Ana".into();
        resume.summary = "a < b, </SCRIPT >".into();
        data.resume = Some(resume);
        let json = data_json(&data);
        assert!(!json.contains('<'), "{json}");
        let back: DashboardData = serde_json::from_str(&json).unwrap();
        assert_eq!(back, data);
    }
}
