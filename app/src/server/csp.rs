//! The Content-Security-Policy nonce of an app page. The server's middleware makes one per request
//! (it writes the policy header, so it must know the value before the page is rendered) and puts
//! it in the request's extensions; [`provide_request_nonce`] hands it to the page, where Leptos's
//! own scripts and ours ([`leptos::nonce::use_nonce`]) carry it.

use leptos::{nonce::Nonce, prelude::*};

/// Makes this request's nonce the page's. Called by the shell before anything renders a script:
/// Leptos provides a nonce of its own for every render, which this one replaces (the shell runs
/// in the render's root, where Leptos reads it for its streaming scripts too). A render without
/// the middleware (a test) keeps Leptos's nonce.
pub fn provide_request_nonce() {
    let from_request = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<Nonce>().cloned());
    if let Some(nonce) = from_request {
        provide_context(nonce);
    }
}
