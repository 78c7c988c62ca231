//! The Vitae component tree, compiled twice: for the server (`ssr`, rendering HTML and running
//! server functions) and for the browser (`hydrate`, making that HTML interactive).
//!
//! - [`shell`] is the HTML document around every page; [`App`] holds the routes.
//! - `pages/` has one module per page; `components/` the pieces pages share.
//! - [`api`] holds the server functions (thin doors over `server::service`); [`wire`] what they
//!   and `POST /api/upload` answer; [`error`] the one error type and its HTTP statuses.
//! - [`session`] is who is signed in, as every page sees it.
//! - [`username`], [`upload_rules`] and [`return_path`] hold rules the server and the browser
//!   share: usernames, uploaded files, where to go after signing in.
//! - `site/` renders a person's public site from their résumé (both styles), for the server's
//!   `/{username}` and the dashboard's preview.
//! - `server/` (ssr only) holds configuration, the database, the store, auth, the parser and
//!   the services: what each feature does, as plain functions over `AppState`.
//! - Every inline `<script>` carries the request's CSP nonce ([`leptos::nonce::use_nonce`]): app
//!   pages allow no other inline script (the policy is set by the server's middleware).

pub mod api;
pub mod components;
pub mod error;
pub mod pages;
pub mod return_path;
#[cfg(feature = "ssr")]
pub mod server;
#[cfg(feature = "ssr")]
pub mod session;
pub mod site;
pub mod upload_rules;
pub mod username;
pub mod wire;

#[cfg(feature = "ssr")]
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use leptos_meta::{provide_meta_context, HashedStylesheet, Link, Meta, MetaTags, Title};
#[cfg(feature = "ssr")]
use leptos_router::{
    components::{Route, Router, Routes},
    SsrMode, StaticSegment,
};

#[cfg(feature = "ssr")]
use pages::{
    dashboard::DashboardPage, home::HomePage, not_found::NotFound, sign_in::SignInPage,
    sign_up::SignUpPage,
};

/// Whether the page at `path` loads the wasm. Only the dashboard does: the other pages are
/// text, links and forms that post without JavaScript, so a visitor's phone downloads and
/// compiles nothing for them (their theme toggle is a few lines of inline JS).
pub fn page_ships_wasm(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    path == "/dashboard"
}

/// The app's stylesheet (`style/main.css`): inlined into the pages without wasm, so their first
/// paint waits for one download rather than two (a phone's round trip is 150 ms or more); the
/// dashboard links the hashed file, which its later visits take from the cache. The
/// Content-Security-Policy allows it by hash. Server only: the wasm never renders the shell.
#[cfg(feature = "ssr")]
pub const APP_CSS: &str = include_str!("../../style/main.css");

/// The HTML document every page is rendered into. Server only: the browser hydrates the
/// dashboard alone ([`pages::dashboard::hydrate`]), never the document or the routes.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    server::csp::provide_request_nonce();
    // This is the request the server is answering.
    let wasm = use_context::<http::request::Parts>().is_none_or(|p| page_ships_wasm(p.uri.path()));
    let hydration = wasm.then(|| view! { <HydrationScripts options=options.clone()/> });
    let stylesheet = if wasm {
        view! { <HashedStylesheet options=options.clone() id="leptos"/> }.into_any()
    } else {
        view! { <style inner_html=APP_CSS></style> }.into_any()
    };
    // The header is never hydrated, the dashboard's included: its toggle is this plain JS.
    let toggle =
        view! { <script nonce=use_nonce()>{components::theme::THEME_TOGGLE_SCRIPT}</script> };
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                // Applies the saved theme before the first paint, so a dark-mode reader never
                // sees a white flash; it runs before (and without) the wasm.
                <script nonce=use_nonce()>{components::theme::THEME_BOOT_SCRIPT}</script>
                <AutoReload options=options.clone()/>
                {hydration}
                {stylesheet}
                <MetaTags/>
            </head>
            <body>
                <App/>
                {toggle}
            </body>
        </html>
    }
}

/// The routes of the site, as the server renders them.
#[cfg(feature = "ssr")]
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    session::SessionContext::provide();
    view! {
        <Title formatter=|page: String| if page.is_empty() { "Vitae".to_string() } else { format!("{page} · Vitae") }/>
        <Meta name="description" content="Vitae turns your résumé into a personal website in minutes."/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Router>
            // In-order streaming: each <Suspense> is filled in place before the HTML after it is
            // sent, so every page is complete without JavaScript (out-of-order streaming, the
            // default, needs a script to move the resolved parts into place).
            <Routes fallback=NotFound>
                <Route path=StaticSegment("") view=HomePage ssr=SsrMode::InOrder/>
                <Route path=StaticSegment("sign-in") view=SignInPage ssr=SsrMode::InOrder/>
                <Route path=StaticSegment("sign-up") view=SignUpPage ssr=SsrMode::InOrder/>
                <Route path=StaticSegment("dashboard") view=DashboardPage ssr=SsrMode::InOrder/>
            </Routes>
        </Router>
    }
}

#[cfg(test)]
mod tests {
    use super::page_ships_wasm;

    #[test]
    fn only_the_dashboard_loads_the_wasm() {
        assert!(page_ships_wasm("/dashboard"));
        assert!(page_ships_wasm("/dashboard/"));
        for path in [
            "/",
            "",
            "/sign-in",
            "/sign-up",
            "/does/not/exist",
            "/dashboards",
        ] {
            assert!(!page_ships_wasm(path), "{path}");
        }
    }
}
