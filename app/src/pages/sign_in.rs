//! `/sign-in`: email + password for built-in accounts (an `<ActionForm>`, so it works before and
//! without the wasm), or Clerk's sign-in component when `AUTH_PROVIDER=clerk`.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::{
    components::header::SiteHeader,
    error::AppError,
    session::{form_error, safe_return_path, AuthContext, AuthMode, ClerkWidget},
};

/// Signs in with a built-in account, sets the session cookie and goes to `return_to` (a local
/// path; the dashboard otherwise).
#[server(endpoint = "sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    return_to: Option<String>,
) -> Result<(), AppError> {
    use crate::server::{auth::Auth, state::AppState};
    let state = expect_context::<AppState>();
    let Auth::Local(local) = state.auth.as_ref() else {
        return Err(AppError::NotFound.respond());
    };
    let ip = crate::server::client_addr::current(&state.config.trusted_proxies).await;
    let token = local
        .sign_in(state.store.as_ref(), &email, &password, ip)
        .await
        .map_err(AppError::respond)?;
    crate::session::set_session_cookie(
        token.expose(),
        crate::server::auth::local::SESSION_DAYS * 24 * 3600,
    );
    leptos_axum::redirect(&safe_return_path(return_to.as_deref()));
    Ok(())
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let auth = AuthContext::get();
    let query = use_query_map();
    let return_to = move || safe_return_path(query.read().get("return_to").as_deref());
    view! {
        <Title text="Sign in"/>
        <SiteHeader/>
        <main id="main" class="auth-page">
            <h1>"Sign in"</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let mode = auth.session.await.map(|s| s.mode).unwrap_or(AuthMode::Local);
                    match mode {
                        AuthMode::Clerk { .. } => {
                            view! { <ClerkWidget sign_up=false return_to=return_to()/> }.into_any()
                        }
                        AuthMode::Local => view! { <SignInForm return_to=return_to()/> }.into_any(),
                    }
                })}
            </Suspense>
        </main>
    }
}

#[component]
fn SignInForm(return_to: String) -> impl IntoView {
    let action = AuthContext::get().sign_in;
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
