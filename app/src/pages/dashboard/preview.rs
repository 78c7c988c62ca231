//! The live preview: the draft drawn by the server, with the same components and stylesheet as
//! the public site, inside a frame so the site's CSS (and its phone layout, at the frame's width)
//! applies exactly as on `/{username}` without touching the dashboard's own styles. The frame runs
//! no script.
//!
//! The server renders the saved résumé into the frame's `srcdoc`. In the browser each change of
//! the draft, style or accent is sent to [`render_preview`] once typing pauses, and the answer
//! replaces what the frame shows; the frame is never reloaded, so it keeps its scroll position.
//! The site's components live on the server only: drawn in the browser they made up a seventh of
//! the wasm bundle.

use leptos::prelude::*;
use resume::Resume;

use super::DashboardContext;
use crate::site::{accent::Accent, SiteStyle};

const FRAME_ID: &str = "site-preview";

/// The whole document of the frame, around `page` (the server's rendering, or nothing). Links
/// open in a new tab (the frame may open them, nothing else).
#[cfg(feature = "ssr")]
fn document(page: &str) -> String {
    crate::site::document::document(
        "<base target=\"_blank\">",
        &format!("<div id=\"preview-root\">{page}</div>"),
    )
}

/// What the preview draws.
type Drawn = (Resume, SiteStyle, Accent);

#[component]
pub fn Preview() -> AnyView {
    let ctx = DashboardContext::get();
    let style = Memo::new(move |_| ctx.data.with(|d| d.style));
    let accent = Memo::new(move |_| ctx.data.with(|d| d.accent));
    let wanted = Memo::new(move |_| (ctx.draft.get(), style.get(), accent.get()));
    // Only the server draws the résumé into `srcdoc` (hydration keeps the attribute as served);
    // the browser only ever hydrates this page, so it needs no copy of the site's stylesheet.
    #[cfg(feature = "ssr")]
    let initial = {
        let (resume, style, accent) = wanted.get_untracked();
        document(&crate::site::preview_html(resume, style, accent))
    };
    #[cfg(not(feature = "ssr"))]
    let initial = String::new();

    let problem = RwSignal::new(None::<String>);
    // The frame holds what was served: the same draft, style and accent the browser starts from,
    // so nothing is asked of the server until one of them changes.
    let redraw = redrawer(wanted, wanted.get_untracked(), problem);
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
            <p class="field-error" role="status" hidden=move || problem.with(Option::is_none)>
                {move || problem.get().unwrap_or_default()}
            </p>
            <iframe
                id=FRAME_ID
                class="preview-frame"
                title="Preview of your site"
                sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
                srcdoc=initial
                on:load=move |_| redraw()
            ></iframe>
        </aside>
    }
    .into_any()
}

/// Keeps the frame showing `wanted`: once changes pause, asks the server to draw it and puts the
/// answer into the frame. Answers that come back after a newer request are dropped; a failed
/// drawing leaves the last one in place and says why. Returns what the frame's `load` calls (a
/// frame that loads late is drawn into then).
#[cfg(feature = "hydrate")]
fn redrawer(
    wanted: Memo<Drawn>,
    shown: Drawn,
    problem: RwSignal<Option<String>>,
) -> impl Fn() + Copy + 'static {
    use leptos::task::spawn_local;

    use crate::api::site::render_preview;
    /// Typing faster than this redraws the preview once, when the typing pauses.
    const REDRAW_DELAY: std::time::Duration = std::time::Duration::from_millis(250);

    let shown = StoredValue::new(shown);
    // The drawing the frame should hold, and a count of requests sent, so that only the newest
    // answer is drawn.
    let latest = StoredValue::new(None::<String>);
    let sent = StoredValue::new(0u64);
    let pause = super::Pause::default();
    let put = move || {
        if let (Some(root), Some(html)) =
            (super::browser::preview_root(FRAME_ID), latest.get_value())
        {
            root.set_inner_html(&html);
        }
    };
    Effect::new(move |_| {
        wanted.track();
        pause.restart(REDRAW_DELAY, move || {
            let drawn = wanted.get_untracked();
            if shown.with_value(|s| *s == drawn) {
                return;
            }
            sent.update_value(|n| *n += 1);
            let number = sent.get_value();
            spawn_local(async move {
                let (resume, style, accent) = drawn.clone();
                let answer = render_preview(resume, style, accent).await;
                if sent.try_get_value() != Some(number) {
                    return;
                }
                match answer {
                    Ok(html) => {
                        shown.set_value(drawn);
                        latest.set_value(Some(html));
                        problem.set(None);
                        put();
                    }
                    Err(e) => problem.set(Some(format!(
                        "The preview could not be updated: {e} It shows your earlier version."
                    ))),
                }
            });
        });
    });
    put
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
fn redrawer(_: Memo<Drawn>, _: Drawn, _: RwSignal<Option<String>>) -> impl Fn() + Copy + 'static {
    || {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_preview_escapes_what_the_resume_says() {
        let mut r = Resume::default();
        r.personal_info.name = "<script>alert(1)</script>".into();
        let page = crate::site::preview_html(r, SiteStyle::Bento, Accent::Rose);
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
