//! Server-only code (`ssr` feature): configuration, database, the store, auth, the résumé parser,
//! and the services the doors call. Nothing here is compiled into the browser bundle, so secrets
//! stay on the server.
//!
//! - [`state`]: [`state::AppState`], everything a request can reach. [`config`]: the variables.
//! - [`service`]: what the app does, by feature, as plain functions over the state.
//! - [`door`]: what a `#[server]` function does before calling its service.
//! - [`auth`], [`store`], [`db`], [`parse`]: who is asking, where data lives, reading PDFs.

pub mod auth;
pub mod client_addr;
pub mod config;
pub mod counters;
pub mod csp;
pub mod db;
pub mod door;
pub mod from_store;
pub mod in_flight;
pub mod parse;
pub mod photo;
pub mod service;
pub mod site_cache;
pub mod state;
pub mod store;
