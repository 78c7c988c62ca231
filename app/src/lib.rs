//! The Vitae component tree, compiled twice: for the server (`ssr`, rendering HTML and running
//! server functions) and for the browser (`hydrate`, making that HTML interactive).
//!
//! - [`shell`] is the HTML document around every page; [`App`] holds the routes.
//! - `pages/` has one module per page; `components/` the pieces pages share.
//! - `site/` renders a person's public site from their résumé (both styles), for the server's
//!   `/{username}` and the dashboard's preview.
//! - `server/` (ssr only) holds configuration, the database and, later, the store and auth.

pub mod components;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod server;
pub mod site;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    StaticSegment,
};

use pages::{home::HomePage, not_found::NotFound};

/// The HTML document every page is rendered into.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // Applies the saved theme before the first paint, so a dark-mode reader never
                // sees a white flash; it runs before (and without) the wasm.
                <script>{components::theme::THEME_BOOT_SCRIPT}</script>
                <AutoReload options=options.clone()/>
                <HydrationScripts options=options.clone()/>
                <HashedStylesheet options id="leptos"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The routes of the site.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    components::hydration::mark_hydrated();

    view! {
        <Title formatter=|page: String| if page.is_empty() { "Vitae".to_string() } else { format!("{page} · Vitae") }/>
        <Meta name="description" content="Vitae turns your résumé into a personal website in minutes."/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Router>
            <Routes fallback=NotFound>
                <Route path=StaticSegment("") view=HomePage/>
            </Routes>
        </Router>
    }
}
