//! What every request handler and server function can reach: one value, given to the router
//! (`with_state`, and `FromRef` for its parts) and the same value to Leptos (`provide_context`).

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::{
    auth::{rate_limit::Throttle, AuthProvider},
    config::Config,
    db::Database,
    in_flight::InFlight,
    parse::Parser,
    store::Store,
};

/// Shared by the router, the renderer, the server functions and the CLI (cheap to clone).
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub db: Database,
    /// Every read and write of people's data goes through here.
    pub store: Arc<dyn Store>,
    /// Who is making a request (built-in accounts or Clerk).
    pub auth: Arc<AuthProvider>,
    /// Reads uploaded résumés (built-in parser, or a model with the built-in one as fallback).
    pub parser: Parser,
    /// Username availability checks per person (they run as someone types).
    pub username_checks: Arc<Throttle>,
    /// Upload bodies being received at once (each held in memory up to `MAX_UPLOAD_BYTES`):
    /// bounds the memory uploads can take, whatever number of people upload together.
    pub upload_slots: Arc<tokio::sync::Semaphore>,
    /// Uploads in flight per person, so one account cannot hold every slot.
    pub uploads_per_person: Arc<InFlight>,
}
