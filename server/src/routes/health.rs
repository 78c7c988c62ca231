//! Liveness and readiness for load balancers and orchestrators.

use std::time::Duration;

use app::server::state::AppState;
use axum::{extract::State, http::StatusCode, response::IntoResponse, Json};
use serde_json::json;

/// A readiness probe must answer even when the database hangs.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The process is up and serving.
pub async fn healthz() -> &'static str {
    "ok"
}

/// The process can do its work: the database answers. 503 with a JSON reason otherwise.
pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let kind = state.db.kind();
    match tokio::time::timeout(READY_TIMEOUT, state.db.ping()).await {
        Ok(Ok(())) => (
            StatusCode::OK,
            Json(json!({ "status": "ready", "database": kind })),
        ),
        Ok(Err(e)) => {
            // The detail (host names, user names, server versions) is for the log, not for
            // whoever can reach a public probe.
            tracing::warn!(error = %e, "readiness: database error");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(
                    json!({ "status": "unavailable", "database": kind, "reason": "the database refused the check" }),
                ),
            )
        }
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(
                json!({ "status": "unavailable", "database": kind, "reason": "database did not answer within 2 s" }),
            ),
        ),
    }
}
