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

/// The toggle, at the end of `<body>` on every app page (the header is never hydrated, the
/// dashboard's included): labels, `aria-pressed` and the remembered choice, in plain JS, and
/// [`THEME_CHANGED`] on `window` after a change. Until it runs, or without JavaScript, the button
/// stays disabled as served.
pub const THEME_TOGGLE_SCRIPT: &str = "(function(){var b=document.querySelector('.theme-toggle');if(!b)return;var r=document.documentElement;function d(){var t=r.dataset.theme;return t?t==='dark':matchMedia('(prefers-color-scheme: dark)').matches}function s(){var k=d();b.textContent=k?'Light mode':'Dark mode';b.setAttribute('aria-pressed',String(k))}s();b.disabled=false;b.addEventListener('click',function(){var t=d()?'light':'dark';r.dataset.theme=t;try{localStorage.setItem('vitae-theme',t)}catch(e){}s();window.dispatchEvent(new Event('vitae-theme-changed'))})})();";

/// The button [`THEME_TOGGLE_SCRIPT`] brings to life: disabled as served, so a click never does
/// nothing silently.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    view! {
        <button
            type="button"
            class="theme-toggle"
            disabled
            aria-pressed="false"
            title="Switch between light and dark"
        >
            "Dark mode"
        </button>
    }
}
