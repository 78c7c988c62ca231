//! The `vitae` crate (in `server/`; named after its binary, so "server" means only `app::server`):
//! the command line ([`cli`]), building and running the web application ([`startup`]), its plain
//! HTTP routes ([`routes`]), middleware ([`middleware`]), logging ([`telemetry`]), the allocator's
//! settings ([`memory`]) and the public sites' preview images ([`og`]). Pages, server functions
//! and services live in the `app` crate.

pub mod cli;
pub mod cli_users;
pub mod memory;
pub mod middleware;
pub mod og;
pub mod routes;
pub mod serve;
pub mod startup;
pub mod telemetry;
