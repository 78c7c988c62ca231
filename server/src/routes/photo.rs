//! A person's photo: `POST /api/photo` (the image as the raw body) and `GET /photos/{id}.jpg` —
//! doors to `app::server::service::photo` (removing one is the server function `photo/remove`). A photo's name is the hash
//! of its bytes, so it is served as immutable and cached for a year; a new photo is a new URL.

use app::{
    error::AppError,
    server::{auth::AuthUser, service, state::AppState},
    wire::PhotoSaved,
};
use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

use super::upload::UploadRefused;

/// `POST /api/photo`.
pub async fn set_photo(
    State(state): State<AppState>,
    user: Result<AuthUser, AppError>,
    body: Bytes,
) -> Result<Json<PhotoSaved>, UploadRefused> {
    let user = user.map_err(UploadRefused)?;
    let url = service::photo::set_photo(&state, &user, body.to_vec()).await?;
    Ok(Json(PhotoSaved { url }))
}

/// `GET /photos/{id}.jpg`.
pub async fn photo(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(id) = file.strip_suffix(".jpg") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match service::photo::find_photo(&state, id).await {
        Ok(Some(jpeg)) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("image/jpeg")),
                (
                    header::CACHE_CONTROL,
                    HeaderValue::from_static("public, max-age=31536000, immutable"),
                ),
            ],
            jpeg,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            let status =
                StatusCode::from_u16(e.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            status.into_response()
        }
    }
}
