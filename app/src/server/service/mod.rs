//! What the app does, by feature, as plain functions: each takes the [`AppState`] and (where it
//! acts for someone) the signed-in [`AuthUser`], and returns `Result<T, AppError>`. No HTTP and no
//! Leptos context in here: the doors (`#[server]` functions in `crate::api`, `POST /api/upload`
//! and the CLI) find the state and the person, call one of these and turn the error into a status
//! in one place. Tests call them directly.
//!
//! - [`account`]: who is signed in, signing in, up and out, the dashboard's data, deleting it all.
//! - [`resume`]: saving and deleting the résumé.
//! - [`site`]: the site's address (username), style and whether it is live.
//! - [`upload`]: reading a résumé from an uploaded file.
//!
//! [`AppState`]: super::state::AppState
//! [`AuthUser`]: super::auth::AuthUser
//! [`AppError`]: crate::error::AppError

pub mod account;
pub mod resume;
pub mod site;
pub mod upload;
