//! A person's photo: stored re-encoded ([`crate::server::photo`]) and pointed at by the saved
//! résumé's `imageUrl` — the field Wrkks reads too — as an absolute URL on this site.

use crate::{
    error::AppError,
    server::{
        auth::{AuthProvider, AuthUser},
        photo::{self, PhotoError},
        state::AppState,
    },
    upload_rules::{is_own_photo, photo_url, MAX_PHOTO_BYTES},
};

/// Stores `bytes` as the person's photo and points their saved résumé at it (a first photo
/// before any résumé starts one). Returns the photo's URL.
pub async fn set_photo(
    state: &AppState,
    me: &AuthUser,
    bytes: Vec<u8>,
) -> Result<String, AppError> {
    // Checked before the work below: a stored résumé that does not read is never written over.
    me.user.resume.clone()?;
    let processed = tokio::task::spawn_blocking(move || photo::process(&bytes))
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "the photo task failed");
            AppError::Internal
        })?
        .map_err(refused)?;
    let id = photo::photo_id(&me.subject, &processed.jpeg);
    state
        .store
        .people
        .set_photo(&me.subject, &id, &processed.jpeg)
        .await?;
    let url = photo_url(&state.config.public_base_url, &id);
    // Only the URL is written: the résumé as read when the request began may be older than a
    // save that landed while the photo was processed.
    state.store.people.set_image_url(&me.subject, &url).await?;
    Ok(url)
}

/// Makes the picture of the person's Clerk account their photo: fetched by the server and
/// re-encoded as an upload is, so visitors never load an image from elsewhere. Returns the
/// photo's URL.
pub async fn use_account_picture(state: &AppState, me: &AuthUser) -> Result<String, AppError> {
    let AuthProvider::Clerk(clerk) = state.auth.as_ref() else {
        return Err(AppError::invalid(
            "photo",
            "Accounts made on Vitae have no picture: upload a photo instead.",
        ));
    };
    let bytes = clerk
        .picture(&me.subject, MAX_PHOTO_BYTES)
        .await?
        .ok_or_else(|| {
            AppError::invalid(
                "photo",
                "Your account has no picture of its own yet: upload a photo instead.",
            )
        })?;
    set_photo(state, me, bytes).await
}

/// Removes the person's photo, and the saved résumé's `imageUrl` when it points at it.
pub async fn remove_photo(state: &AppState, me: &AuthUser) -> Result<(), AppError> {
    let saved = me.user.resume.clone()?;
    state.store.people.delete_photo(&me.subject).await?;
    if let Some(resume) = saved {
        let url = &resume.personal_info.image_url;
        if is_own_photo(&state.config.public_base_url, url) {
            // Cleared only while it still points there, and nothing else is written.
            state.store.people.clear_image_url(&me.subject, url).await?;
        }
    }
    Ok(())
}

/// A photo as a visitor's browser fetches it: `None` when there is none by that name.
pub async fn find_photo(state: &AppState, id: &str) -> Result<Option<Vec<u8>>, AppError> {
    if !photo::is_photo_id(id) {
        return Ok(None);
    }
    Ok(state.store.people.find_photo(id).await?)
}

fn refused(error: PhotoError) -> AppError {
    AppError::invalid("photo", error.to_string())
}
