//! Saving and deleting the résumé.

use leptos::{prelude::*, server_fn::codec::Json};
use resume::Resume;

use crate::{error::AppError, wire::Saved};

/// Saves the résumé after checking it with the same [`resume::validate`] the editor uses. On a
/// live site the change is public as soon as this returns.
#[server(endpoint = "resume/save", input = Json)]
pub async fn save_resume(resume: Resume) -> Result<Saved, AppError> {
    use crate::server::{door, service};
    let (state, me) = door::signed_in().await?;
    service::resume::save(&state, &me, &resume).await
}

/// Deletes the saved résumé and unpublishes the site; the account and the username stay.
#[server(endpoint = "resume/delete")]
pub async fn delete_resume() -> Result<(), AppError> {
    use crate::server::{door, service};
    let (state, me) = door::signed_in().await?;
    service::resume::delete(&state, &me).await
}
