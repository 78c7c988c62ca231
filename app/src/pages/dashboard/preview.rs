//! The live preview: the draft drawn by the same components and stylesheet as the public site,
//! inside a frame so the site's CSS (and its phone layout, at the frame's width) applies exactly
//! as on `/{username}` without touching the dashboard's own styles. The frame runs no script.
//!
//! The server renders the saved résumé into the frame's `srcdoc`. In the browser the site
//! components are mounted into the frame (they build their elements there directly) and drawn
//! again from the draft shortly after each change; the frame is never reloaded, so it keeps its
//! scroll position.

use std::time::Duration;

use leptos::prelude::*;
use resume::Resume;

use super::DashboardContext;
use crate::site::{accent::Accent, ResumeSite, SiteStyle};

const FRAME_ID: &str = "site-preview";
/// Typing faster than this redraws the preview once, when the typing pauses.
const REDRAW_DELAY: Duration = Duration::from_millis(120);

/// The whole document of the frame, around `page` (the server's rendering, or nothing). Links
/// open in a new tab (the frame may open them, nothing else).
fn document(page: &str) -> String {
    crate::site::document::document(
        "<base target=\"_blank\">",
        &format!("<div id=\"preview-root\">{page}</div>"),
    )
}

/// The site as `/{username}` has it inside its `<body>`.
#[component]
fn PreviewPage(resume: Resume, style: SiteStyle, accent: Accent) -> impl IntoView {
    view! {
        <div class=format!("page page-{} {}", style.as_str(), accent.class())>
            <ResumeSite resume style/>
        </div>
    }
}

#[component]
pub fn Preview() -> AnyView {
    let ctx = DashboardContext::get();
    let style = Memo::new(move |_| ctx.data.with(|d| d.style));
    let accent = Memo::new(move |_| ctx.data.with(|d| d.accent));
    // Only the server draws the résumé into `srcdoc` (hydration keeps the attribute as served);
    // a page rendered in the browser starts with the empty frame and mounts into it.
    #[cfg(feature = "ssr")]
    let initial = {
        let (resume, style, accent) = (
            ctx.draft.get_untracked(),
            style.get_untracked(),
            accent.get_untracked(),
        );
        document(&Owner::new().with(|| view! { <PreviewPage resume style accent/> }.to_html()))
    };
    #[cfg(not(feature = "ssr"))]
    let initial = document("");

    // What the frame shows: the draft, caught up with once typing pauses.
    let shown = RwSignal::new(ctx.draft.get_untracked());
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        ctx.draft.track();
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        let catch_up = move || {
            let draft = ctx.draft.get_untracked();
            if shown.with_untracked(|s| *s != draft) {
                shown.set(draft);
            }
        };
        timer.set_value(set_timeout_with_handle(catch_up, REDRAW_DELAY).ok());
    });

    let mount = mounter(shown, style, accent);
    Effect::new(move |_| mount());
    follow_theme();
    let live = Memo::new(move |_| ctx.data.with(|d| d.is_live));
    view! {
        <aside class="panel preview" aria-labelledby="preview-title">
            <div class="preview-head">
                <h2 id="preview-title">"Preview"</h2>
                <span class="hint">
                    {move || {
                        let name = if style.get() == SiteStyle::Bento { "Bento" } else { "Simple" };
                        if ctx.unsaved.get() {
                            format!("{name} style · with your unsaved changes")
                        } else if live.get() {
                            format!("{name} style · as your live site shows it")
                        } else {
                            format!("{name} style")
                        }
                    }}
                </span>
            </div>
            <iframe
                id=FRAME_ID
                class="preview-frame"
                title="Preview of your site"
                sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
                srcdoc=initial
                on:load=move |_| mount()
            ></iframe>
        </aside>
    }
    .into_any()
}

/// Mounts the site into the frame's root element (replacing what was there), once the frame has
/// loaded; called again when it loads again. The mount lives as long as the dashboard.
#[cfg(feature = "hydrate")]
fn mounter(
    shown: RwSignal<Resume>,
    style: Memo<SiteStyle>,
    accent: Memo<Accent>,
) -> impl Fn() + Copy + 'static {
    let mounted = StoredValue::new_local(None::<Box<dyn std::any::Any>>);
    move || {
        let Some(root) = super::browser::preview_root(FRAME_ID) else {
            return;
        };
        if root.get_attribute("data-mounted").is_some() {
            return;
        }
        root.set_inner_html("");
        let _ = root.set_attribute("data-mounted", "");
        let handle = leptos::mount::mount_to_renderer(&root, move || {
            move || {
                let (resume, style, accent) = (shown.get(), style.get(), accent.get());
                view! { <PreviewPage resume style accent/> }
            }
        });
        mounted.set_value(Some(Box::new(handle)));
    }
}

/// Gives the frame the app's theme again whenever the toggle changes it.
#[cfg(feature = "hydrate")]
fn follow_theme() {
    let handle = window_event_listener_untyped(crate::components::theme::THEME_CHANGED, |_| {
        super::browser::preview_root(FRAME_ID);
    });
    on_cleanup(move || handle.remove());
}

#[cfg(not(feature = "hydrate"))]
fn follow_theme() {}

#[cfg(not(feature = "hydrate"))]
fn mounter(_: RwSignal<Resume>, _: Memo<SiteStyle>, _: Memo<Accent>) -> impl Fn() + Copy + 'static {
    || {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_escapes_what_the_resume_says() {
        let mut r = Resume::default();
        r.personal_info.name = "<script>alert(1)</script>".into();
        let owner = Owner::new();
        let page = owner.with(|| {
            view! { <PreviewPage resume=r style=SiteStyle::Bento accent=Accent::Rose/> }.to_html()
        });
        assert!(!page.contains("<script>alert"), "{page}");
        assert!(page.contains("&lt;script&gt;"), "{page}");
        assert!(
            page.starts_with("<div class=\"page page-bento accent-rose\">"),
            "{page}"
        );
        let doc = document(&page);
        assert!(
            doc.contains(crate::site::SITE_CSS),
            "the public site's own stylesheet"
        );
    }
}
