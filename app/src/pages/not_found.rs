//! The page for any address we do not serve, with HTTP status 404 so crawlers and link checkers
//! know it too (Leptos answers 200 unless told otherwise).

use leptos::prelude::*;
use leptos_meta::{Meta, Title};

use crate::components::header::SiteHeader;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text="Page not found"/>
        <Meta name="robots" content="noindex"/>
        <SiteHeader/>
        <main id="main" class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. If someone gave you a link to their site, it may have moved or been unpublished."</p>
            <a class="button" href="/">"Go to the home page"</a>
        </main>
    }
}
