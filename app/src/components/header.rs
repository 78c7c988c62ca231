//! The bar at the top of the app's own pages.

use leptos::prelude::*;

use super::theme::ThemeToggle;

#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <header class="site-header">
            <a class="brand" href="/">"Vitae"</a>
            <nav aria-label="Main">
                <a href="/sign-in">"Sign in"</a>
                <ThemeToggle/>
            </nav>
        </header>
    }
}
