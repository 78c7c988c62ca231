//! Light and dark themes: the system preference by default, a toggle to override it, the choice
//! kept in `localStorage` under [`THEME_KEY`].

use leptos::prelude::*;

/// Where the chosen theme is remembered in the browser.
pub const THEME_KEY: &str = "vitae-theme";

/// The event sent on `window` when the toggle changes the theme (the dashboard's preview frame
/// follows it).
pub const THEME_CHANGED: &str = "vitae-theme-changed";

/// Runs in `<head>` before the page paints: applies a remembered choice.
pub const THEME_BOOT_SCRIPT: &str = "try{var t=localStorage.getItem('vitae-theme');if(t==='dark'||t==='light')document.documentElement.dataset.theme=t}catch(e){}";

/// The toggle on pages without wasm (see [`crate::page_ships_wasm`]), at the end of `<body>`:
/// what [`ThemeToggle`] does once hydrated (labels, `aria-pressed`, the remembered choice), in
/// plain JS. Until it runs, or without JavaScript, the button stays disabled as served.
pub const THEME_TOGGLE_SCRIPT: &str = "(function(){var b=document.querySelector('.theme-toggle');if(!b)return;var r=document.documentElement;function d(){var t=r.dataset.theme;return t?t==='dark':matchMedia('(prefers-color-scheme: dark)').matches}function s(){var k=d();b.textContent=k?'Light mode':'Dark mode';b.setAttribute('aria-pressed',String(k))}s();b.disabled=false;b.addEventListener('click',function(){var t=d()?'light':'dark';r.dataset.theme=t;try{localStorage.setItem('vitae-theme',t)}catch(e){}s()})})();";

/// A button that switches between light and dark. It needs the wasm, or on pages without it
/// [`THEME_TOGGLE_SCRIPT`]: until then it is disabled, so a click never does nothing silently.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let hydrated = super::hydration::hydrated();
    let (dark, set_dark) = signal(false);
    Effect::new(move |_| set_dark.set(current_is_dark()));
    let toggle = move |_| {
        let next = !dark.get_untracked();
        apply_theme(next);
        set_dark.set(next);
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            on:click=toggle
            disabled=move || !hydrated.get()
            aria-pressed=move || dark.get().to_string()
            title="Switch between light and dark"
        >
            {move || if dark.get() { "Light mode" } else { "Dark mode" }}
        </button>
    }
}

#[cfg(feature = "hydrate")]
fn current_is_dark() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let explicit = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|e| e.get_attribute("data-theme"));
    match explicit.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|m| m.matches()),
    }
}

#[cfg(not(feature = "hydrate"))]
fn current_is_dark() -> bool {
    false
}

#[cfg(feature = "hydrate")]
fn apply_theme(dark: bool) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let theme = if dark { "dark" } else { "light" };
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("data-theme", theme);
    }
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(THEME_KEY, theme);
    }
    if let Ok(event) = web_sys::Event::new(THEME_CHANGED) {
        let _ = window.dispatch_event(&event);
    }
}

#[cfg(not(feature = "hydrate"))]
fn apply_theme(_dark: bool) {}
