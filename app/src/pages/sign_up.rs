//! `/sign-up`: creating a built-in account (email + password, messages next to the fields), or
//! Clerk's sign-up component when `AUTH_PROVIDER=clerk`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::{
    components::header::SiteHeader,
    session::{form_error, ClerkWidget, SessionContext},
    wire::SignInMode,
};

#[component]
pub fn SignUpPage() -> impl IntoView {
    let auth = SessionContext::get();
    view! {
        <Title text="Create your account"/>
        <SiteHeader/>
        <main id="main" class="auth-page">
            <h1>"Create your account"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let mode = auth.session.await.map(|s| s.mode).unwrap_or(SignInMode::Local);
                    match mode {
                        SignInMode::Clerk { .. } => {
                            view! { <ClerkWidget sign_up=true return_to="/dashboard".to_string()/> }
                                .into_any()
                        }
                        SignInMode::Local => view! { <SignUpForm/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn SignUpForm() -> impl IntoView {
    let action = SessionContext::get().sign_up;
    let error = form_error(action);
    let field = move |name: &'static str| {
        move || {
            error()
                .and_then(|e| e.field_message(name))
                .map(|m| view! { <p class="field-error" id=format!("{name}-error")>{m}</p> })
        }
    };
    view! {
        <ActionForm action=action attr:class="auth-form">
            {move || {
                error()
                    .and_then(|e| e.form_message())
                    .map(|m| view! { <p class="form-error" role="alert">{m}</p> })
            }}
            <label for="email">"Email"</label>
            <input
                id="email"
                type="email"
                name="email"
                autocomplete="email"
                aria-describedby="email-error"
                required
            />
            {field("email")}
            <label for="password">"Password"</label>
            <input
                id="password"
                type="password"
                name="password"
                autocomplete="new-password"
                minlength="8"
                aria-describedby="password-hint password-error"
                required
            />
            <p class="hint" id="password-hint">"At least 8 characters, and not your email address."</p>
            {field("password")}
            <button type="submit" class="button primary">"Create account"</button>
        </ActionForm>
        <p>"Have an account? " <a href="/sign-in">"Sign in"</a></p>
    }
}
