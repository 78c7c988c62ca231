//! Whether the page has hydrated: one flag for the dashboard, the one part of the app that does.
//! Buttons that need the wasm are disabled until it is set (so a click never does nothing
//! silently), and `<body>` carries it as `data-hydrated` for tests and for CSS that only makes
//! sense with JavaScript running.

use leptos::prelude::*;

/// The flag, provided by [`provide_hydrated`] where the browser hydrates.
#[derive(Clone, Copy)]
struct Hydrated(ReadSignal<bool>);

/// Creates the flag and provides it (the dashboard's `hydrate` does); it turns true (and
/// `data-hydrated` appears on `<body>`) once the wasm has taken over.
pub fn provide_hydrated() {
    let (hydrated, set_hydrated) = signal(false);
    provide_context(Hydrated(hydrated));
    Effect::new(move |_| {
        set_hydrated.set(true);
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// Whether the page has hydrated. Where nothing provided the flag (the server rendering the
/// page, or a component rendered on its own) there is no wasm behind the HTML: never.
pub fn hydrated() -> ReadSignal<bool> {
    use_context::<Hydrated>().map_or_else(|| signal(false).0, |h| h.0)
}
