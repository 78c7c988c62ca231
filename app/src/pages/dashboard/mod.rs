//! `/dashboard`: where a signed-in person uploads, edits, styles and publishes their site.
//! Anonymous visitors never get here from the server (the router redirects them to `/sign-in`).
//!
//! - [`api`]: what the dashboard reads and changes (server functions, shared types).

pub mod api;
pub mod upload_rules;

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{components::header::SiteHeader, session::AuthContext};
use api::DashboardData;

/// What the dashboard's parts share, provided as context by [`DashboardPage`].
#[derive(Clone, Copy)]
pub struct DashboardContext {
    /// The server's last word on the person's row: the saved résumé, username, style, live.
    /// Parts that change something on the server update it with the answer.
    pub data: RwSignal<DashboardData>,
    /// The editor holds changes that are not saved yet (publishing shows the saved résumé).
    pub unsaved: RwSignal<bool>,
}

impl DashboardContext {
    pub fn get() -> Self {
        expect_context::<Self>()
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let auth = AuthContext::get();
    view! {
        <Title text="Dashboard"/>
        <SiteHeader/>
        <main id="main" class="dashboard">
            <h1>"Your site"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match auth.session.await.ok().and_then(|s| s.me) {
                        Some(me) => view! {
                            <p>"Signed in as " <strong>{me.email}</strong></p>
                            <p>"Your username: " <code>{me.username}</code></p>
                            <SignOutButton/>
                        }
                        .into_any(),
                        None => view! {
                            <p><a href="/sign-in?return_to=/dashboard">"Sign in"</a>" to see your dashboard."</p>
                        }
                        .into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

/// A form (so it works without JavaScript) that signs out.
#[component]
pub fn SignOutButton() -> impl IntoView {
    let action = AuthContext::get().sign_out;
    view! {
        <ActionForm action=action attr:class="sign-out" attr:data-sign-out="">
            <button type="submit" class="button">"Sign out"</button>
        </ActionForm>
    }
}
