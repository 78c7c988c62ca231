//! The bar at the top of the app's own pages: the way in when signed out, the dashboard and a
//! way out when signed in. With Clerk it also loads Clerk's JS.

use leptos::prelude::*;

use super::{sign_out::SignOutButton, theme::ThemeToggle};
use crate::{
    session::{ClerkScripts, SessionContext},
    wire::SignInMode,
};

#[component]
pub fn SiteHeader() -> impl IntoView {
    let auth = SessionContext::get();
    view! {
        // Every app page has its content in `<main id="main">`.
        <a class="skip" href="#main">"Skip to content"</a>
        <header class="site-header">
            <a class="brand" href="/">"Vitae"</a>
            <nav aria-label="Main">
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let session = auth.session.await.ok();
                        let clerk = session.as_ref().and_then(|s| match &s.mode {
                            SignInMode::Clerk { publishable_key, frontend_api } => Some(view! {
                                <ClerkScripts
                                    publishable_key=publishable_key.clone()
                                    frontend_api=frontend_api.clone()
                                />
                            }),
                            SignInMode::Local => None,
                        });
                        let links = if session.is_some_and(|s| s.me.is_some()) {
                            view! {
                                <a href="/dashboard">"Dashboard"</a>
                                <SignOutButton/>
                            }
                            .into_any()
                        } else {
                            view! {
                                <a href="/sign-in">"Sign in"</a>
                                <a href="/sign-up">"Sign up"</a>
                            }
                            .into_any()
                        };
                        view! { {clerk} {links} }
                    })}
                </Suspense>
                <ThemeToggle/>
            </nav>
        </header>
    }
}
