//! The signed-in state as pages see it: who is signed in ([`SessionInfo`], read through
//! [`get_session`]), signing out ([`SignOut`]), and the shared [`AuthContext`] that makes the
//! header and the dashboard refresh after a sign-in, sign-up or sign-out.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::{
    error::AppError,
    pages::{sign_in::SignIn, sign_up::SignUp},
};

/// Which sign-in the site uses; only public values (the publishable key is public by design).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthMode {
    Local,
    Clerk {
        publishable_key: String,
        frontend_api: String,
    },
}

/// What the signed-in person may see about themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    pub username: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub mode: AuthMode,
    pub me: Option<Me>,
}

/// The sign-in mode and the signed-in person, if any.
#[server(endpoint = "session")]
pub async fn get_session() -> Result<SessionInfo, AppError> {
    use crate::server::{auth, config::AuthConfig, state::AppState};
    let state = expect_context::<AppState>();
    let mode = match &state.config.auth {
        AuthConfig::Local => AuthMode::Local,
        AuthConfig::Clerk(c) => AuthMode::Clerk {
            publishable_key: c.publishable_key.clone(),
            frontend_api: c.frontend_api.clone(),
        },
    };
    let me = auth::current_user().await?.map(|u| Me {
        email: u.user.email,
        username: u.user.username,
    });
    Ok(SessionInfo { mode, me })
}

/// Ends the session (built-in accounts: deletes it; both: clears the cookie) and goes home.
/// With Clerk, the browser has already called `Clerk.signOut()` (see [`ClerkScripts`]).
#[server(endpoint = "sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::server::{auth, state::AppState};
    let state = expect_context::<AppState>();
    let parts = expect_context::<http::request::Parts>();
    if let (auth::Auth::Local(local), Some(token)) =
        (state.auth.as_ref(), auth::session_token(&parts.headers))
    {
        local
            .sign_out(state.store.as_ref(), token.expose())
            .await
            .map_err(AppError::respond)?;
    }
    set_session_cookie("", 0);
    leptos_axum::redirect("/");
    Ok(())
}

/// Sets (or, with `max_age_secs` 0, deletes) the session cookie on the server-function response.
#[cfg(feature = "ssr")]
pub(crate) fn set_session_cookie(token: &str, max_age_secs: i64) {
    use crate::server::{auth::session_cookie, state::AppState};
    let state = expect_context::<AppState>();
    let cookie = session_cookie(token, max_age_secs, state.config.secure_cookies());
    if let (Some(res), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&cookie),
    ) {
        res.append_header(http::header::SET_COOKIE, value);
    }
}

/// A path to go to after signing in, from an untrusted `return_to`: only a local path is
/// accepted (never `//host`, `/\host` or a scheme), so the form cannot send people elsewhere.
pub fn safe_return_path(raw: Option<&str>) -> String {
    const DEFAULT: &str = "/dashboard";
    let Some(path) = raw.map(str::trim) else {
        return DEFAULT.to_string();
    };
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c == '\\')
        && path.len() <= 512;
    if local {
        path.to_string()
    } else {
        DEFAULT.to_string()
    }
}

/// The session and the actions that change it, shared by every page.
#[derive(Clone, Copy)]
pub struct AuthContext {
    pub session: Resource<Result<SessionInfo, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_up: ServerAction<SignUp>,
    pub sign_out: ServerAction<SignOut>,
}

impl AuthContext {
    /// Creates the actions and the session resource (refetched after each action) and provides
    /// them to every page.
    pub fn provide() {
        let sign_in = ServerAction::<SignIn>::new();
        let sign_up = ServerAction::<SignUp>::new();
        let sign_out = ServerAction::<SignOut>::new();
        let session = Resource::new(
            move || {
                (
                    sign_in.version().get(),
                    sign_up.version().get(),
                    sign_out.version().get(),
                )
            },
            |_| get_session(),
        );
        provide_context(Self {
            session,
            sign_in,
            sign_up,
            sign_out,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_are_only_ever_local() {
        let rows = [
            (None, "/dashboard", "nothing given"),
            (
                Some("/dashboard/edit?x=1"),
                "/dashboard/edit?x=1",
                "a local path is kept",
            ),
            (
                Some("https://evil.example/"),
                "/dashboard",
                "an absolute URL",
            ),
            (
                Some("//evil.example/"),
                "/dashboard",
                "a scheme-relative URL",
            ),
            (Some("/\\evil.example"), "/dashboard", "a backslash trick"),
            (Some("javascript:alert(1)"), "/dashboard", "a script URL"),
            (Some("/a\nb"), "/dashboard", "a header-splitting newline"),
            (Some("dashboard"), "/dashboard", "a relative path"),
        ];
        for (raw, expected, why) in rows {
            assert_eq!(safe_return_path(raw), expected, "{why}");
        }
    }
}
