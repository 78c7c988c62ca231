//! The server's integration tests: the whole application started on port 0 (`support::TestApp`)
//! and spoken to over HTTP, as a browser, a crawler or an attacker would. One binary, so the
//! application is linked once; each module is one concern.

mod support;

mod auth_clerk;
mod auth_local;
mod cli;
mod dashboard;
mod hardening;
mod http;
mod photos;
mod public_site;
mod scale_out;
