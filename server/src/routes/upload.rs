//! `POST /api/upload`: a résumé file in, the résumé read from it out — never saved here. The door
//! to `app::server::service::upload`, which reads the body as it streams and says what went wrong.
//!
//! A plain route rather than a server function, so the browser can send the file as the raw body
//! (with upload progress, and cancel) and so the body is read as it streams: the request is cut
//! off as soon as it is over `MAX_UPLOAD_BYTES`, its first bytes are not a PDF or JSON, or it
//! arrives too slowly — never read to the end first.

use app::{
    error::AppError,
    server::{auth::AuthUser, service, state::AppState},
    upload_rules::FileProblem,
    wire::{UploadErrorBody, UploadedResume},
};
use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderMap},
    response::{IntoResponse, Response},
    Json,
};

/// `POST /api/upload`.
pub async fn upload(
    State(state): State<AppState>,
    user: Result<AuthUser, AppError>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<UploadedResume>, UploadRefused> {
    let user = user.map_err(UploadRefused)?;
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let uploaded =
        service::upload::read_resume(&state, &user, declared, body.into_data_stream()).await?;
    Ok(Json(uploaded))
}

/// An upload's error as the browser reads it: the status from [`AppError::status`] and the
/// sentence in an [`UploadErrorBody`].
#[derive(Debug)]
pub struct UploadRefused(pub AppError);

impl From<AppError> for UploadRefused {
    fn from(error: AppError) -> Self {
        Self(error)
    }
}

impl IntoResponse for UploadRefused {
    fn into_response(self) -> Response {
        let Self(error) = self;
        // The sign-in message names what is being done.
        let sentence = match error {
            AppError::Unauthenticated => "Please sign in to upload your résumé.".to_string(),
            ref other => other.to_string(),
        };
        let status = http::StatusCode::from_u16(error.status())
            .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, Json(UploadErrorBody { error: sentence })).into_response();
        if matches!(
            error,
            AppError::UploadTooSlow
                | AppError::UploadsBusy
                | AppError::UploadsInFlight
                | AppError::File(FileProblem::TooLarge { .. } | FileProblem::NotPdfOrJson)
        ) {
            // The rest of the body is never read: end the connection rather than drain it.
            response.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
        }
        response
    }
}
