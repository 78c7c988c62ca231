//! `/sign-in`: email + password for built-in accounts (an `<ActionForm>`, so it works before and
//! without the wasm), or Clerk's sign-in component when `AUTH_PROVIDER=clerk`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    components::header::SiteHeader,
    return_path::safe_return_path,
    session::{form_error, ClerkWidget, SessionContext},
    wire::SignInMode,
};

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = SessionContext::get();
    let query = use_query_map();
    let return_to = move || safe_return_path(query.read().get("return_to").as_deref());
    view! {
        <Title text="Sign in"/>
        <SiteHeader/>
        <main id="main" class="auth-page">
            <h1>"Sign in"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let mode = auth.session.await.map(|s| s.mode).unwrap_or(SignInMode::Local);
                    match mode {
                        SignInMode::Clerk { .. } => {
                            view! { <ClerkWidget sign_up=false return_to=return_to()/> }.into_any()
                        }
                        SignInMode::Local => view! { <SignInForm return_to=return_to()/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn SignInForm(return_to: String) -> impl IntoView {
    let action = SessionContext::get().sign_in;
    let error = form_error(action);
    view! {
        <ActionForm action=action attr:class="auth-form">
            <input type="hidden" name="return_to" value=return_to/>
            {move || {
                error()
                    .and_then(|e| e.form_message())
                    .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
            }}
            <label for="email">"Email"</label>
            <input id="email" type="email" name="email" autocomplete="email" required/>
            <label for="password">"Password"</label>
            <input
                id="password"
                type="password"
                name="password"
                autocomplete="current-password"
                required
            />
            <button type="submit" class="button primary">"Sign in"</button>
        </ActionForm>
        <p>"New here? " <a href="/sign-up">"Create an account"</a></p>
    }
}
