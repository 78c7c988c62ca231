//! Server-only code (`ssr` feature): configuration, database, the store, auth and the résumé parser.
//! Nothing here is compiled into the browser bundle, so secrets stay on the server.

pub mod auth;
pub mod client_addr;
pub mod config;
pub mod counters;
pub mod csp;
pub mod db;
pub mod in_flight;
pub mod parse;
pub mod site_cache;
pub mod state;
pub mod store;
