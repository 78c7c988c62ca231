//! Server-only code (`ssr` feature): configuration, database, and later the store and auth.
//! Nothing here is compiled into the browser bundle, so secrets stay on the server.

pub mod config;
pub mod db;
pub mod site_cache;
pub mod state;
pub mod store;
