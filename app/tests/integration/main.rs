//! The app crate's integration tests, against real databases: SQLite files, a throwaway
//! PostgreSQL cluster and a transaction-mode pgbouncer in front of it (`support/`), and a local
//! OpenAI-compatible server. One binary, so the crate is linked once and one cluster serves
//! every module.

mod support;

mod db_outage;
mod llm_parser;
mod schema;
mod site_cache;
mod startup_checks;
mod store_contract;
