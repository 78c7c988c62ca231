//! What every request handler and server function can reach: one value, given to the router
//! (`with_state`, and `FromRef` for its parts) and the same value to Leptos (`provide_context`).

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use super::{
    auth::{rate_limit::Throttle, AuthProvider},
    config::Config,
    counters::Counters,
    db::Database,
    in_flight::InFlight,
    parse::{worker::Isolation, Parser},
    site_cache::SiteMarks,
    store::{self, Stores},
};

/// Uploads received and read at once. A slot is held from the first byte until the résumé is
/// read, so with the default 5 MB limit at most 80 MB of bodies are in memory (and the parser
/// runs only as many at once as there are cores). More uploads wait (`service::upload`).
pub const UPLOADS_AT_ONCE: usize = 16;
/// Uploads one person may have in flight at once: a retry while the first is still being read
/// is fine; more would let one account hold every slot.
pub const UPLOADS_PER_PERSON: usize = 2;

/// Shared by the router, the renderer, the server functions and the CLI (cheap to clone).
#[derive(Clone, Debug, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub config: Arc<Config>,
    pub db: Database,
    /// Every read and write of people's data goes through here, by concern.
    pub store: Stores,
    /// Who is making a request (built-in accounts or Clerk).
    pub auth: Arc<AuthProvider>,
    /// Reads uploaded résumés (built-in parser, or a model with the built-in one as fallback).
    pub parser: Parser,
    /// Which cached public pages may have changed (marked by every write through `store`, and
    /// by other instances through the database).
    pub site_marks: Arc<SiteMarks>,
    /// Limits shared by every instance (counted in the database).
    pub counters: Counters,
    /// Username availability checks per person (they run as someone types).
    pub username_checks: Arc<Throttle>,
    /// Upload bodies being received at once (each held in memory up to `MAX_UPLOAD_BYTES`):
    /// bounds the memory uploads can take, whatever number of people upload together.
    pub upload_slots: Arc<tokio::sync::Semaphore>,
    /// Uploads in flight per person, so one account cannot hold every slot.
    pub uploads_per_person: Arc<InFlight>,
}

/// A part of the state that could not start.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The auth provider's HTTP client (Clerk) could not start.
    #[error("AUTH_PROVIDER: cannot start the auth provider ({0}) — check the CLERK_* variables")]
    Auth(String),
    /// The LLM parser's HTTP client could not start.
    #[error("PARSER: {0} — use PARSER=heuristic until the HTTP client can start")]
    Parser(String),
}

impl AppState {
    /// The state for `config` over a connected (and migrated) `db`, with the built-in parser
    /// running as `isolation` says: the one way the server, the CLI and the tests build it.
    pub fn new(
        config: Config,
        db: Database,
        leptos_options: LeptosOptions,
        isolation: Isolation,
    ) -> Result<Self, StateError> {
        let counters = Counters::new(&db, config.pool_mode);
        let parser = Parser::new(&config.parser, isolation, Some(counters.clone()))
            .map_err(StateError::Parser)?;
        let auth =
            AuthProvider::from_config(&config.auth, counters.clone()).map_err(StateError::Auth)?;
        let site_marks = Arc::new(SiteMarks::default());
        Ok(Self {
            leptos_options,
            store: store::from_database(&db, config.pool_mode, site_marks.clone()),
            auth: Arc::new(auth),
            config: Arc::new(config),
            db,
            parser,
            username_checks: Arc::new(Throttle::username_checks(counters.clone())),
            site_marks,
            counters,
            upload_slots: Arc::new(tokio::sync::Semaphore::new(UPLOADS_AT_ONCE)),
            uploads_per_person: Arc::new(InFlight::new(UPLOADS_PER_PERSON)),
        })
    }
}
