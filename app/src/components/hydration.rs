//! A visible sign that the page has hydrated, for tests and for CSS that only makes sense with
//! JavaScript running.

use leptos::prelude::*;

/// Sets `data-hydrated` on `<body>` once the wasm has taken over. Effects never run on the
/// server, so the attribute is absent from the server-rendered HTML.
pub fn mark_hydrated() {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.body())
        {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}
