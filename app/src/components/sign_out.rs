//! The way out: a sign-out button, in the header.

use leptos::{prelude::*, server_fn::ServerFn};

use crate::api::account::SignOut;

/// A plain form that posts to the sign-out server function, which ends the session and sends
/// the browser home. No page hydrates the header, so this is the one way it works, with or
/// without JavaScript. With Clerk, `session::ClerkScripts` signs out of Clerk first; on the
/// dashboard, leaving with unsaved changes asks first (`data-sign-out`).
#[component]
pub fn SignOutButton() -> impl IntoView {
    view! {
        <form method="post" action=SignOut::url() class="sign-out" data-sign-out="">
            <button type="submit" class="button">"Sign out"</button>
        </form>
    }
}
