//! The way out: a sign-out button, in the header and on the dashboard.

use leptos::{ev::SubmitEvent, prelude::*, server_fn::ServerFn};

use crate::{api::account::SignOut, session::SessionContext};

/// A form that signs out: posted by the browser without JavaScript, dispatched as the session's
/// action with it. A plain form rather than `<ActionForm>`: that one decodes its fields into the
/// server function's arguments in the browser: 25 KB of the dashboard's wasm (gzip, measured)
/// that an argument-less sign-out does not need.
#[component]
pub fn SignOutButton() -> impl IntoView {
    let action = SessionContext::get().sign_out;
    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        action.dispatch(SignOut {});
    };
    view! {
        <form method="post" action=SignOut::url() class="sign-out" data-sign-out="" on:submit=submit>
            <button type="submit" class="button">"Sign out"</button>
        </form>
    }
}
