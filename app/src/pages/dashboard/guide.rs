//! A new person's first run: four numbered steps (upload, check, address, publish) above the
//! dashboard, the current one marked, worked out from what the server and the editor hold; and
//! the moment the site first goes live, with its address to copy, share and visit.
//!
//! Everything here is computed from the server's data and the draft, never from the browser, so
//! the page the server renders is the page the browser hydrates.

use leptos::prelude::*;
use resume::Resume;

use super::{settings::CopyShare, DashboardContext};
use crate::{
    username::{is_from_email, suggest_from_name, Username},
    wire::DashboardData,
};

/// Where a new person is on the way to a live site.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Step {
    Upload = 1,
    Check,
    Address,
    Publish,
}

impl Step {
    /// The step after what is done: a saved résumé makes the reading checked, a chosen address
    /// leaves only publishing.
    pub fn of(saved: bool, draft_empty: bool, address_chosen: bool) -> Self {
        match (saved, draft_empty, address_chosen) {
            (false, true, _) => Self::Upload,
            (false, false, _) => Self::Check,
            (true, _, false) => Self::Address,
            (true, _, true) => Self::Publish,
        }
    }
}

/// Each step: its title, what to do, and where on the page that is done.
const STEPS: [(Step, &str, &str, &str, &str); 4] = [
    (
        Step::Upload,
        "Upload your résumé",
        "Drop its PDF in the upload box (from Word, Google Docs or LinkedIn), or fill in the form yourself.",
        "To the upload",
        "#upload-title",
    ),
    (
        Step::Check,
        "Check what we read",
        "Correct anything read wrong, then press Save changes. Nothing is public yet.",
        "To your résumé",
        "#editor-title",
    ),
    (
        Step::Address,
        "Choose your address",
        "Your address (under Your site) was made from your e-mail. Pick one people will remember, or keep it.",
        "To your address",
        "#username",
    ),
    (
        Step::Publish,
        "Publish",
        "Press Publish site: your site goes live at your address.",
        "To Publish",
        "#site-title",
    ),
];

/// Whether the address is one the person chose, and the one their name suggests while it is not.
/// The name is the draft's, so a suggestion appears as soon as an upload has read one.
pub fn address_memos(
    data: RwSignal<DashboardData>,
    draft: RwSignal<Resume>,
    kept: RwSignal<bool>,
) -> (Memo<bool>, Memo<Option<String>>) {
    // Apart from the draft: it changes with every key typed, the username seldom.
    let from_email = Memo::new(move |_| data.with(|d| is_from_email(&d.username, &d.email)));
    let from_name = Memo::new(move |_| {
        draft.with(|r| suggest_from_name(&r.personal_info.name).map(Username::into_inner))
    });
    let chosen = Memo::new(move |_| {
        kept.get()
            || !from_email.get()
            || from_name.with(|n| data.with(|d| n.as_deref() == Some(d.username.as_str())))
    });
    let suggested = Memo::new(move |_| if chosen.get() { None } else { from_name.get() });
    (chosen, suggested)
}

/// The focus goes here when the site first goes live.
pub const LAUNCHED: &str = "launched";

#[component]
pub fn Guide() -> impl IntoView {
    let ctx = DashboardContext::get();
    let step = Memo::new(move |_| {
        Step::of(
            ctx.data.with(|d| d.resume.is_some()),
            ctx.draft.with(|r| *r == Resume::default()),
            ctx.address_chosen.get(),
        )
    });
    let current = move || STEPS[step.get() as usize - 1];
    let steps = STEPS
        .into_iter()
        .map(|(s, title, ..)| {
            let done = move || step.get() > s;
            view! {
                <li
                    aria-current=move || (step.get() == s).then_some("step")
                    class:done=done
                >
                    <span class="step-number" aria-hidden="true">{s as u8}</span>
                    <span class="step-title">{title}</span>
                    <span class="visually-hidden">{move || done().then_some(" (done)")}</span>
                </li>
            }
        })
        .collect_view();
    let address = Memo::new(move |_| ctx.data.with(|d| d.site_url()));
    view! {
        <section class="panel guide" aria-labelledby="guide-title" hidden=move || !ctx.first_run.get()>
            <h2 id="guide-title">"Your site in four steps"</h2>
            <ol class="steps">{steps}</ol>
            <p class="step-hint">
                {move || current().2} " " <a href=move || current().4>{move || current().3}</a>
            </p>
            <p class="step-hint" hidden=move || step.get() != Step::Address>
                <button
                    type="button"
                    on:click=move |_| ctx.address_kept.set(true)
                    disabled=move || !ctx.hydrated.get()
                >
                    "Keep this address"
                </button>
            </p>
        </section>
        <Launched url=address/>
    }
}

/// The site is live for the first time: where it is, with Copy, Share and Visit. It stays until
/// closed, the site is hidden, or the page is left.
#[component]
fn Launched(url: Memo<String>) -> impl IntoView {
    let ctx = DashboardContext::get();
    view! {
        <section
            id=LAUNCHED
            class="panel launched"
            tabindex="-1"
            aria-labelledby="launched-title"
            hidden=move || !ctx.launched.get()
        >
            <h2 id="launched-title">"Your site is live"</h2>
            <p class="address-line">
                <a class="site-link" href=move || url.get() target="_blank" rel="noopener">{move || url.get()}</a>
            </p>
            <p>"Anyone with this link can see it. Send it to people, or add it to your profiles and your e-mail signature."</p>
            <div class="address-actions">
                <a class="button primary" href=move || url.get() target="_blank" rel="noopener">"Visit your site"</a>
                <CopyShare url copy_label="Copy link"/>
                <button type="button" on:click=move |_| ctx.launched.set(false)>"Close"</button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_follows_what_is_done() {
        let rows = [
            ((false, true, false), Step::Upload, "nothing yet"),
            (
                (false, false, false),
                Step::Check,
                "an upload filled the draft",
            ),
            (
                (false, false, true),
                Step::Check,
                "a chosen address does not skip saving",
            ),
            (
                (true, false, false),
                Step::Address,
                "saved, the e-mail's address",
            ),
            (
                (true, true, false),
                Step::Address,
                "saved, then emptied in the editor",
            ),
            (
                (true, false, true),
                Step::Publish,
                "saved and a chosen address",
            ),
        ];
        for ((saved, empty, chosen), expected, why) in rows {
            assert_eq!(Step::of(saved, empty, chosen), expected, "{why}");
        }
    }

    #[test]
    fn the_name_suggests_an_address_until_one_is_chosen() {
        let owner = Owner::new();
        owner.with(|| {
            let data = RwSignal::new(DashboardData::new_account("jq.f+cv@example.org", "jq-f-cv"));
            let draft = RwSignal::new(Resume::default());
            let kept = RwSignal::new(false);
            let (chosen, suggested) = address_memos(data, draft, kept);
            assert!(!chosen.get_untracked(), "the e-mail's address");
            assert_eq!(suggested.get_untracked(), None, "no name, no suggestion");

            draft.update(|r| r.personal_info.name = "Jane Q. Fullstacker".into());
            assert_eq!(
                suggested.get_untracked().as_deref(),
                Some("jane-q-fullstacker")
            );

            data.update(|d| d.username = "jane-q-fullstacker".into());
            assert!(chosen.get_untracked(), "the suggestion taken");
            assert_eq!(suggested.get_untracked(), None);

            data.update(|d| d.username = "jq-f-cv-2".into());
            assert!(
                !chosen.get_untracked(),
                "a numbered e-mail address is not chosen"
            );
            kept.set(true);
            assert!(chosen.get_untracked(), "kept on purpose");
            assert_eq!(suggested.get_untracked(), None);
        });
    }

    #[test]
    fn the_steps_are_listed_in_order() {
        for (i, (step, ..)) in STEPS.iter().enumerate() {
            assert_eq!(*step as usize, i + 1);
        }
    }
}
