//! The signed-in state as the server renders pages with it: the shared [`SessionContext`] (who
//! is signed in, read through [`get_session`], and the sign-in and sign-up actions), the error of
//! a form's last submission ([`form_error`]), and Clerk's scripts and widget. Server only: no
//! page hydrates the header or the forms that use it (the browser hydrates the dashboard alone).

use leptos::prelude::*;

use crate::{
    api::account::{get_session, SignIn, SignUp},
    error::AppError,
    return_path::safe_return_path,
    wire::SessionInfo,
};

/// The session and the actions that change it, shared by every page.
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub session: Resource<Result<SessionInfo, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_up: ServerAction<SignUp>,
}

impl SessionContext {
    /// Creates the actions and the session resource and provides them to every page.
    pub fn provide() {
        provide_context(Self {
            session: Resource::new(|| (), |_| get_session()),
            sign_in: ServerAction::new(),
            sign_up: ServerAction::new(),
        });
    }

    pub fn get() -> Self {
        expect_context::<Self>()
    }
}

/// The error of a form's last submission. With JavaScript it is the action's value; without,
/// the form posts and the server redirects back with the error in the URL, which only an action
/// created inside the routes reads (the context's actions are made before the router). Anyone
/// can write that URL, so what it says passes through [`AppError::from_link`].
pub fn form_error<S>(action: ServerAction<S>) -> impl Fn() -> Option<AppError> + Copy
where
    S: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    S::Output: Clone + Send + Sync + 'static,
{
    let from_url = ServerAction::<S>::new();
    move || {
        action.value().get().and_then(Result::err).or_else(|| {
            from_url
                .value()
                .get()
                .and_then(Result::err)
                .map(AppError::from_link)
        })
    }
}

/// With Clerk: loads Clerk's JS from the instance's frontend API (it keeps the `__session`
/// cookie fresh) and makes every sign-out form call `Clerk.signOut()` first.
#[component]
pub fn ClerkScripts(publishable_key: String, frontend_api: String) -> impl IntoView {
    let src = format!("https://{frontend_api}/npm/@clerk/clerk-js@5/dist/clerk.browser.js");
    view! {
        <script
            async
            crossorigin="anonymous"
            data-clerk-publishable-key=publishable_key
            src=src
            nonce=use_nonce()
        ></script>
        <script nonce=use_nonce()>{CLERK_SIGN_OUT_SCRIPT}</script>
    }
}

const CLERK_SIGN_OUT_SCRIPT: &str = r#"document.addEventListener("submit",function(e){var f=e.target;if(f&&f.matches&&f.matches("form[data-sign-out]")&&window.Clerk){e.preventDefault();e.stopImmediatePropagation();window.Clerk.signOut({redirectUrl:"/"});}},true);"#;

/// Mounts Clerk's `<SignIn/>` or `<SignUp/>` component into `#clerk-widget` once Clerk's JS
/// has loaded; after signing in, Clerk sends the person to `return_to` (a checked local path).
#[component]
pub fn ClerkWidget(sign_up: bool, return_to: String) -> impl IntoView {
    // JSON-encoded, with `<` escaped so the value cannot close the script element.
    let target = serde_json::to_string(&safe_return_path(Some(&return_to)))
        .unwrap_or_else(|_| "\"/dashboard\"".into())
        .replace('<', "\\u003c");
    let (mount, other) = if sign_up {
        ("mountSignUp", "signInUrl:\"/sign-in\"")
    } else {
        ("mountSignIn", "signUpUrl:\"/sign-up\"")
    };
    let script = format!(
        "(function m(){{var C=window.Clerk;if(!C||!C.load){{return setTimeout(m,50);}}C.load().then(function(){{C.{mount}(document.getElementById(\"clerk-widget\"),{{{other},forceRedirectUrl:{target}}});}});}})();"
    );
    view! {
        <div id="clerk-widget"></div>
        <script nonce=use_nonce()>{script}</script>
    }
}
