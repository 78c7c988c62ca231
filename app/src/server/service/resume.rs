//! The saved résumé: saving it (checked with the same [`resume::validate`] the editor uses) and
//! deleting it.

use resume::Resume;

use crate::{
    error::AppError,
    server::{auth::AuthUser, state::AppState},
    wire::Saved,
};

/// Saves `resume` as `me`'s. On a live site the change is public as soon as this returns.
pub async fn save(state: &AppState, me: &AuthUser, resume: &Resume) -> Result<Saved, AppError> {
    resume::validate(resume).map_err(AppError::InvalidFields)?;
    let row = state
        .store
        .people
        .update_resume(&me.subject, resume)
        .await?;
    Ok(Saved {
        updated_at: row.updated_at.to_rfc3339(),
        is_live: row.is_live,
    })
}

/// Deletes the saved résumé and unpublishes the site; the account and the username stay.
pub async fn delete(state: &AppState, me: &AuthUser) -> Result<(), AppError> {
    state.store.people.clear_resume(&me.subject).await?;
    Ok(())
}
