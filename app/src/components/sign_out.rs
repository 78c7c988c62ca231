//! The way out: a sign-out button, in the header and on the dashboard.

use leptos::prelude::*;

use crate::session::SessionContext;

/// A form (so it works without JavaScript) that signs out.
#[component]
pub fn SignOutButton() -> impl IntoView {
    let action = SessionContext::get().sign_out;
    view! {
        <ActionForm action=action attr:class="sign-out" attr:data-sign-out="">
            <button type="submit" class="button">"Sign out"</button>
        </ActionForm>
    }
}
