//! Configuration from environment variables (and an optional `.env`).
//!
//! Every variable is read and checked here, once, at start-up: a wrong value stops the process
//! with one line naming the variable, what is wrong and how to fix it, never at the first request.
//! [`ENV_VARS`] is the single list of variables; `vitae --help` prints it.

mod env_vars;
#[cfg(test)]
mod tests;
mod values;

use std::{collections::HashMap, fmt, net::SocketAddr, path::PathBuf, time::Duration};

use url::Url;

use self::env_vars::default_of;
use self::values::{
    parse_bool, parse_clerk, parse_database_url, parse_llm, parse_number, parse_origin,
    parse_trusted_proxies, this_executable,
};
pub use self::{
    env_vars::{EnvVar, ENV_VARS},
    values::frontend_api_from_publishable_key,
};

/// A configuration mistake: which variable, what is wrong, how to fix it. Displays as one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{var}: {problem} — {fix}")]
pub struct ConfigError {
    pub var: &'static str,
    pub problem: String,
    pub fix: String,
}

impl ConfigError {
    fn new(var: &'static str, problem: impl Into<String>, fix: impl Into<String>) -> Self {
        Self {
            var,
            problem: problem.into(),
            fix: fix.into(),
        }
    }
}

/// A value that must never be printed: logs and errors show `[redacted]`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseConfig {
    /// A SQLite file (created, with its directory, when missing).
    Sqlite { path: PathBuf },
    /// A Postgres server; the URL holds the password, so it is a secret.
    Postgres { url: Secret },
}

impl DatabaseConfig {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Sqlite { .. } => "sqlite",
            Self::Postgres { .. } => "postgres",
        }
    }
}

/// How connections reach Postgres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolMode {
    /// A connection is ours for as long as we hold it: prepared statements are cached.
    Session,
    /// A pooler (Supavisor on 6543, PgBouncer) hands out a server connection per transaction,
    /// so a statement prepared in one transaction may be gone in the next: no statement cache.
    Transaction,
}

impl PoolMode {
    /// The value `DATABASE_POOL_MODE` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Session => "session",
            Self::Transaction => "transaction",
        }
    }
}

/// Clerk instance settings (production auth).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClerkConfig {
    pub publishable_key: String,
    pub secret_key: Secret,
    /// The instance's frontend API host, decoded from the publishable key (e.g. `clerk.example.com`).
    pub frontend_api: String,
    pub jwks_url: Url,
    pub issuer: String,
    pub authorized_parties: Vec<String>,
    pub api_url: Url,
}

/// Who signs people in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthConfig {
    /// Built-in email + password accounts.
    Local,
    Clerk(Box<ClerkConfig>),
}

/// An OpenAI-compatible endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LlmConfig {
    /// The API base, ending in `/v1` (`…/chat/completions` is appended).
    pub base_url: Url,
    /// Sent as `Authorization: Bearer …`, nowhere else.
    pub api_key: Secret,
    pub model: String,
    /// The longest wait for one answer.
    pub timeout: Duration,
    /// How structured output is requested.
    pub response_format: ResponseFormat,
    /// AI parses per person per day.
    pub daily_limit: u32,
}

/// How the model is asked for JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseFormat {
    /// `{"type": "json_schema", "json_schema": {"strict": true, …}}`: the provider constrains the
    /// output to the schema.
    JsonSchema,
    /// `{"type": "json_object"}`: valid JSON only; the schema goes in the prompt instead.
    JsonObject,
}

/// Which parser turns a PDF into a résumé.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParserConfig {
    Heuristic,
    Llm(LlmConfig),
}

/// Everything Vitae reads from its environment, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Where the data lives.
    pub database: DatabaseConfig,
    /// Session or transaction pooling (Postgres only).
    pub pool_mode: PoolMode,
    /// A session-level connection beside a transaction pooler: for LISTEN and migrations.
    pub direct_url: Option<Secret>,
    /// Size of the connection pool.
    pub max_connections: u32,
    /// Apply migrations at start-up.
    pub auto_migrate: bool,
    /// Who signs people in.
    pub auth: AuthConfig,
    /// Which parser reads uploads.
    pub parser: ParserConfig,
    /// The program run as `PROGRAM parse-worker` to read each PDF in a child process
    /// (`crate::server::parse::worker`).
    pub parse_worker: PathBuf,
    /// The origin people reach us at, without a trailing slash (e.g. `https://vitae.example`).
    pub public_base_url: String,
    /// Largest upload accepted, in bytes.
    pub max_upload_bytes: u64,
    /// Proxies whose word on the client's address is believed.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Where to listen.
    pub site_addr: SocketAddr,
    /// The folder holding the built site.
    pub site_root: PathBuf,
    /// The log filter (checked here so a typo fails at start-up like any other variable).
    pub log_filter: String,
}

impl Config {
    /// Reads the process environment, after loading `.env` from the working directory if there is
    /// one (variables already set win over `.env`).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_env_with(&[])
    }

    /// [`Config::from_env`] with some variables replaced, e.g. `PARSER` from a command-line flag.
    pub fn from_env_with(overrides: &[(&str, &str)]) -> Result<Self, ConfigError> {
        match dotenvy::dotenv() {
            Ok(_) => {}
            Err(e) if e.not_found() => {}
            Err(e) => {
                return Err(ConfigError::new(
                    ".env",
                    format!("cannot be read ({e})"),
                    "fix the line it names, or remove the file",
                ))
            }
        }
        let mut vars: HashMap<String, String> = std::env::vars().collect();
        for (k, v) in overrides {
            vars.insert((*k).to_string(), (*v).to_string());
        }
        Self::from_vars(&vars)
    }

    /// Builds the configuration from a set of variables (the environment, or a test's map).
    /// Empty values count as unset, as in most `.env` conventions.
    pub fn from_vars(vars: &HashMap<String, String>) -> Result<Self, ConfigError> {
        let get = |name: &str| vars.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
        // A value, or the default `--help` shows for it: one place says what an unset variable
        // means (descriptive defaults such as "this executable" are worked out below instead).
        let value = |name: &str| get(name).unwrap_or(default_of(name));

        let database = parse_database_url(value("DATABASE_URL"))?;
        let pool_mode = match value("DATABASE_POOL_MODE") {
            "session" => PoolMode::Session,
            "transaction" => PoolMode::Transaction,
            other => {
                return Err(ConfigError::new(
                    "DATABASE_POOL_MODE",
                    format!("'{other}' is not a pool mode"),
                    "use `session` (direct connections) or `transaction` (Supavisor/PgBouncer on port 6543)",
                ))
            }
        };
        let max_connections = parse_number(
            value("DATABASE_MAX_CONNECTIONS"),
            "DATABASE_MAX_CONNECTIONS",
            1,
            1000,
        )? as u32;
        let auto_migrate = parse_bool(value("AUTO_MIGRATE"), "AUTO_MIGRATE")?;
        let direct_url = match get("DATABASE_DIRECT_URL") {
            None => None,
            Some(raw) => match (parse_database_url(raw), &database) {
                (Ok(DatabaseConfig::Postgres { url }), DatabaseConfig::Postgres { .. }) => {
                    Some(url)
                }
                _ => {
                    return Err(ConfigError::new(
                        "DATABASE_DIRECT_URL",
                        "is not a postgres:// URL beside a Postgres DATABASE_URL",
                        "give the direct (or session-mode, port 5432) connection string of the database DATABASE_URL pools, or unset it",
                    ))
                }
            },
        };
        if pool_mode == PoolMode::Transaction && auto_migrate && direct_url.is_none() {
            return Err(ConfigError::new(
                "AUTO_MIGRATE",
                "migrations cannot run through a transaction-mode pooler (they hold a session lock)",
                "set DATABASE_DIRECT_URL to the direct connection (migrations run there), or set AUTO_MIGRATE=false and run `vitae migrate` with DATABASE_URL set to the direct connection",
            ));
        }
        let trusted_proxies = parse_trusted_proxies(get("TRUSTED_PROXIES"))?;

        let site_addr: SocketAddr = {
            let v = value("LEPTOS_SITE_ADDR");
            v.parse().map_err(|_| {
                ConfigError::new(
                    "LEPTOS_SITE_ADDR",
                    format!("'{v}' is not a host:port address"),
                    "use an IP address and port, e.g. 127.0.0.1:3000 or 0.0.0.0:8080",
                )
            })?
        };
        let site_root = PathBuf::from(value("LEPTOS_SITE_ROOT"));

        let auth = match value("AUTH_PROVIDER") {
            "local" => AuthConfig::Local,
            "clerk" => AuthConfig::Clerk(Box::new(parse_clerk(&get)?)),
            other => {
                return Err(ConfigError::new(
                    "AUTH_PROVIDER",
                    format!("'{other}' is not an auth provider"),
                    "use `local` (built-in accounts, the default) or `clerk`",
                ))
            }
        };

        let parser = match value("PARSER") {
            "heuristic" => ParserConfig::Heuristic,
            "llm" => ParserConfig::Llm(parse_llm(&get)?),
            other => {
                return Err(ConfigError::new(
                    "PARSER",
                    format!("'{other}' is not a parser"),
                    "use `heuristic` (built-in, the default) or `llm`",
                ))
            }
        };

        let parse_worker = match get("PARSE_WORKER") {
            Some(path) => {
                let path = PathBuf::from(path);
                if !path.is_file() {
                    return Err(ConfigError::new(
                        "PARSE_WORKER",
                        format!("'{}' is not a file", path.display()),
                        "give the path of the `vitae` binary, or unset it to use this executable",
                    ));
                }
                path
            }
            None => this_executable(),
        };

        let public_base_url = match get("PUBLIC_BASE_URL") {
            None => format!("http://{site_addr}"),
            Some(v) => parse_origin(v)?,
        };

        let max_upload_bytes = parse_number(
            value("MAX_UPLOAD_BYTES"),
            "MAX_UPLOAD_BYTES",
            1024,
            1024 * 1024 * 1024,
        )?;

        let log_filter = value("RUST_LOG").to_string();
        if let Err(e) = tracing_subscriber::EnvFilter::try_new(&log_filter) {
            return Err(ConfigError::new(
                "RUST_LOG",
                format!("'{log_filter}' is not a log filter ({e})"),
                "use a level such as `info` or `debug`, or targets like `vitae=debug,sqlx=warn`",
            ));
        }

        Ok(Self {
            database,
            pool_mode,
            direct_url,
            max_connections,
            auto_migrate,
            auth,
            parser,
            parse_worker,
            public_base_url,
            max_upload_bytes,
            trusted_proxies,
            site_addr,
            site_root,
            log_filter,
        })
    }

    /// Whether cookies must carry `Secure` (the site is served over https).
    pub fn secure_cookies(&self) -> bool {
        self.public_base_url.starts_with("https://")
    }
}
