//! Server-only code (`ssr` feature): configuration, database, the store and auth.
//! Nothing here is compiled into the browser bundle, so secrets stay on the server.

pub mod auth;
pub mod config;
pub mod db;
pub mod state;
pub mod store;
