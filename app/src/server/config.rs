//! Configuration from environment variables (and an optional `.env`).
//!
//! Every variable is read and checked here, once, at start-up: a wrong value stops the process
//! with one line naming the variable, what is wrong and how to fix it, never at the first request.
//! [`ENV_VARS`] is the single list of variables; `vitae --help` prints it.

use std::{collections::HashMap, fmt, net::SocketAddr, path::PathBuf, time::Duration};

use url::Url;

/// One environment variable: its name, its default and what it does.
pub struct EnvVar {
    pub name: &'static str,
    pub default: &'static str,
    pub help: &'static str,
}

/// Every variable Vitae reads, in the order `--help` and the README list them.
pub const ENV_VARS: &[EnvVar] = &[
    EnvVar {
        name: "DATABASE_URL",
        default: "sqlite://data/vitae.db",
        help: "Where data lives: sqlite://PATH (directory created) or postgres://USER:PASSWORD@HOST:PORT/DB (Supabase: its connection string).",
    },
    EnvVar {
        name: "DATABASE_POOL_MODE",
        default: "session",
        help: "`transaction` behind a pooler in transaction mode (Supabase's Supavisor on port 6543): turns off prepared-statement caching. Otherwise `session`.",
    },
    EnvVar {
        name: "DATABASE_DIRECT_URL",
        default: "",
        help: "With DATABASE_POOL_MODE=transaction: a session-level connection to the same database (Supabase's direct host, or Supavisor on port 5432) for what a transaction pooler cannot carry: hearing other instances' changes (LISTEN) and migrations. Without it, pages are checked before they are served and AUTO_MIGRATE must be false.",
    },
    EnvVar {
        name: "DATABASE_MAX_CONNECTIONS",
        default: "10",
        help: "Size of the connection pool (1-1000).",
    },
    EnvVar {
        name: "AUTO_MIGRATE",
        default: "true",
        help: "Apply pending migrations at start-up (`true`/`false`). With `false`, run `vitae migrate` yourself.",
    },
    EnvVar {
        name: "AUTH_PROVIDER",
        default: "local",
        help: "`local` (built-in email + password accounts) or `clerk` (needs the CLERK_* variables).",
    },
    EnvVar {
        name: "CLERK_PUBLISHABLE_KEY",
        default: "",
        help: "Clerk: the instance's publishable key (pk_test_… or pk_live_…). Required when AUTH_PROVIDER=clerk.",
    },
    EnvVar {
        name: "CLERK_SECRET_KEY",
        default: "",
        help: "Clerk: the secret key (sk_test_… or sk_live_…), used for the Backend API. Required when AUTH_PROVIDER=clerk.",
    },
    EnvVar {
        name: "CLERK_JWKS_URL",
        default: "https://<frontend-api>/.well-known/jwks.json",
        help: "Clerk: where the session-token signing keys are published (derived from the publishable key).",
    },
    EnvVar {
        name: "CLERK_ISSUER",
        default: "https://<frontend-api>",
        help: "Clerk: the `iss` every session token must carry (derived from the publishable key).",
    },
    EnvVar {
        name: "CLERK_AUTHORIZED_PARTIES",
        default: "",
        help: "Clerk: comma-separated origins accepted in the token's `azp` (e.g. https://vitae.example). Empty: not checked.",
    },
    EnvVar {
        name: "CLERK_API_URL",
        default: "https://api.clerk.com",
        help: "Clerk: the Backend API, used to look up a user's email address.",
    },
    EnvVar {
        name: "PARSER",
        default: "heuristic",
        help: "`heuristic` (built-in, offline) or `llm` (an OpenAI-compatible model; needs LLM_API_KEY and LLM_MODEL).",
    },
    EnvVar {
        name: "LLM_BASE_URL",
        default: "https://api.openai.com/v1",
        help: "LLM: base URL of an OpenAI-compatible API (…/v1; OpenRouter, Groq, llama.cpp, vLLM, Ollama…).",
    },
    EnvVar {
        name: "LLM_API_KEY",
        default: "",
        help: "LLM: the API key, sent as a Bearer token. Required when PARSER=llm.",
    },
    EnvVar {
        name: "LLM_MODEL",
        default: "",
        help: "LLM: the model name, e.g. gpt-4o-mini. Required when PARSER=llm.",
    },
    EnvVar {
        name: "LLM_TIMEOUT_SECS",
        default: "60",
        help: "LLM: seconds to wait for one answer (1-600).",
    },
    EnvVar {
        name: "LLM_RESPONSE_FORMAT",
        default: "json_schema",
        help: "LLM: `json_schema` (strict structured output: OpenAI, OpenRouter, vLLM, llama.cpp…) or `json_object` for providers without JSON Schema support.",
    },
    EnvVar {
        name: "LLM_DAILY_LIMIT",
        default: "20",
        help: "LLM: AI parses per person per day (counted in memory, per instance); past it, the built-in parser answers.",
    },
    EnvVar {
        name: "PUBLIC_BASE_URL",
        default: "http://<LEPTOS_SITE_ADDR>",
        help: "The address people use to reach this site, e.g. https://vitae.example. Used in links, canonical URLs and cookies (Secure when https).",
    },
    EnvVar {
        name: "PARSE_WORKER",
        default: "this executable",
        help: "The program that reads uploaded PDFs, run as `PROGRAM parse-worker` in a child process with a memory and CPU limit so that no PDF can take the server down. Leave unset: it is the `vitae` binary itself.",
    },
    EnvVar {
        name: "MAX_UPLOAD_BYTES",
        default: "5242880",
        help: "Largest résumé upload accepted, in bytes (default 5 MiB).",
    },
    EnvVar {
        name: "TRUSTED_PROXIES",
        default: "",
        help: "Comma-separated addresses or CIDR ranges of the reverse proxies / load balancers in front of Vitae (e.g. 10.0.0.0/8,127.0.0.1). Only a request from one of them is believed about its client's address (X-Forwarded-For, Forwarded); limits per address use it.",
    },
    EnvVar {
        name: "LEPTOS_SITE_ADDR",
        default: "127.0.0.1:3000",
        help: "host:port to listen on (0.0.0.0:3000 to accept connections from other machines).",
    },
    EnvVar {
        name: "LEPTOS_SITE_ROOT",
        default: "target/site",
        help: "The folder holding the built site (pkg/ and the public assets).",
    },
    EnvVar {
        name: "RUST_LOG",
        default: "info",
        help: "Log filter, e.g. `info`, `debug`, `vitae=debug,sqlx=warn`.",
    },
];

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

        let database = parse_database_url(get("DATABASE_URL").unwrap_or("sqlite://data/vitae.db"))?;
        let pool_mode = match get("DATABASE_POOL_MODE").unwrap_or("session") {
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
            get("DATABASE_MAX_CONNECTIONS"),
            "DATABASE_MAX_CONNECTIONS",
            10,
            1,
            1000,
        )? as u32;
        let auto_migrate = parse_bool(get("AUTO_MIGRATE"), "AUTO_MIGRATE", true)?;
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

        let site_addr: SocketAddr = match get("LEPTOS_SITE_ADDR") {
            None => SocketAddr::from(([127, 0, 0, 1], 3000)),
            Some(v) => v.parse().map_err(|_| {
                ConfigError::new(
                    "LEPTOS_SITE_ADDR",
                    format!("'{v}' is not a host:port address"),
                    "use an IP address and port, e.g. 127.0.0.1:3000 or 0.0.0.0:8080",
                )
            })?,
        };
        let site_root = PathBuf::from(get("LEPTOS_SITE_ROOT").unwrap_or("target/site"));

        let auth = match get("AUTH_PROVIDER").unwrap_or("local") {
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

        let parser = match get("PARSER").unwrap_or("heuristic") {
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
            get("MAX_UPLOAD_BYTES"),
            "MAX_UPLOAD_BYTES",
            5 * 1024 * 1024,
            1024,
            1024 * 1024 * 1024,
        )?;

        let log_filter = get("RUST_LOG").unwrap_or("info").to_string();
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

/// The running program. On Linux `/proc/self/exe` names it even after a deploy has replaced or
/// removed the file on disk, so workers keep matching the server that starts them.
fn this_executable() -> PathBuf {
    if cfg!(target_os = "linux") {
        PathBuf::from("/proc/self/exe")
    } else {
        std::env::current_exe().unwrap_or_else(|_| PathBuf::from("vitae"))
    }
}

fn parse_database_url(raw: &str) -> Result<DatabaseConfig, ConfigError> {
    const FIX: &str =
        "use sqlite://PATH (e.g. sqlite://data/vitae.db) or postgres://USER:PASSWORD@HOST:5432/DB";
    if let Some(rest) = raw.strip_prefix("sqlite:") {
        let path = rest.trim_start_matches("//");
        let path = path.split('?').next().unwrap_or_default();
        if path.is_empty() || path == ":memory:" {
            return Err(ConfigError::new(
                "DATABASE_URL",
                format!("'{raw}' names no file"),
                "give SQLite a file so data survives a restart, e.g. sqlite://data/vitae.db",
            ));
        }
        return Ok(DatabaseConfig::Sqlite {
            path: PathBuf::from(path),
        });
    }
    if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
        let url = Url::parse(raw).map_err(|e| {
            ConfigError::new(
                "DATABASE_URL",
                format!("is not a valid Postgres URL ({e})"),
                FIX,
            )
        })?;
        if url.host_str().is_none_or(str::is_empty) {
            return Err(ConfigError::new(
                "DATABASE_URL",
                "the Postgres URL has no host",
                FIX,
            ));
        }
        return Ok(DatabaseConfig::Postgres {
            url: Secret::new(raw),
        });
    }
    let scheme = raw.split_once(':').map_or(raw, |(s, _)| s);
    Err(ConfigError::new(
        "DATABASE_URL",
        format!("unsupported database '{scheme}'"),
        FIX,
    ))
}

/// `TRUSTED_PROXIES`: addresses (`127.0.0.1`, `::1`) and ranges (`10.0.0.0/8`), comma-separated.
fn parse_trusted_proxies(raw: Option<&str>) -> Result<Vec<ipnet::IpNet>, ConfigError> {
    let Some(raw) = raw else {
        return Ok(Vec::new());
    };
    raw.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<ipnet::IpNet>()
                .or_else(|_| item.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                .map_err(|_| {
                    ConfigError::new(
                        "TRUSTED_PROXIES",
                        format!("'{item}' is not an IP address or CIDR range"),
                        "list addresses or ranges, comma-separated, e.g. 10.0.0.0/8,127.0.0.1",
                    )
                })
        })
        .collect()
}

fn parse_bool(raw: Option<&str>, var: &'static str, default: bool) -> Result<bool, ConfigError> {
    match raw.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("true" | "1" | "yes" | "on") => Ok(true),
        Some("false" | "0" | "no" | "off") => Ok(false),
        Some(other) => Err(ConfigError::new(
            var,
            format!("'{other}' is not true or false"),
            "use `true` or `false`",
        )),
    }
}

fn parse_number(
    raw: Option<&str>,
    var: &'static str,
    default: u64,
    min: u64,
    max: u64,
) -> Result<u64, ConfigError> {
    let Some(raw) = raw else { return Ok(default) };
    let fix = || format!("use a whole number from {min} to {max}");
    let n: u64 = raw
        .replace('_', "")
        .parse()
        .map_err(|_| ConfigError::new(var, format!("'{raw}' is not a whole number"), fix()))?;
    if !(min..=max).contains(&n) {
        return Err(ConfigError::new(var, format!("{n} is out of range"), fix()));
    }
    Ok(n)
}

/// An absolute http(s) origin with no path, query or fragment; returned without a trailing slash.
fn parse_origin(raw: &str) -> Result<String, ConfigError> {
    const VAR: &str = "PUBLIC_BASE_URL";
    const FIX: &str =
        "use the address people type, e.g. https://vitae.example or http://localhost:3000";
    let url = Url::parse(raw)
        .map_err(|e| ConfigError::new(VAR, format!("'{raw}' is not a URL ({e})"), FIX))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ConfigError::new(
            VAR,
            format!("'{raw}' is not an http(s) address"),
            FIX,
        ));
    }
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        return Err(ConfigError::new(
            VAR,
            format!("'{raw}' has a path; Vitae serves from the root"),
            FIX,
        ));
    }
    Ok(raw.trim_end_matches('/').to_string())
}

fn parse_http_url(raw: &str, var: &'static str, fix: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(raw)
        .map_err(|e| ConfigError::new(var, format!("'{raw}' is not a URL ({e})"), fix))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(ConfigError::new(
            var,
            format!("'{raw}' is not an http(s) URL"),
            fix,
        ));
    }
    Ok(url)
}

/// Decodes the frontend API host from a Clerk publishable key: `pk_(test|live)_` + base64 of
/// `<host>$`.
pub fn frontend_api_from_publishable_key(key: &str) -> Option<String> {
    use base64::Engine as _;
    let encoded = key
        .strip_prefix("pk_test_")
        .or_else(|| key.strip_prefix("pk_live_"))?;
    let decoded = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(encoded.trim_end_matches('='))
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let host = text.strip_suffix('$')?;
    let valid = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
    valid.then(|| host.to_string())
}

fn parse_clerk<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<ClerkConfig, ConfigError> {
    const DASHBOARD: &str = "copy it from the Clerk dashboard (API keys)";
    let publishable_key = get("CLERK_PUBLISHABLE_KEY").ok_or_else(|| {
        ConfigError::new(
            "CLERK_PUBLISHABLE_KEY",
            "is required when AUTH_PROVIDER=clerk",
            DASHBOARD,
        )
    })?;
    let frontend_api = frontend_api_from_publishable_key(publishable_key).ok_or_else(|| {
        ConfigError::new(
            "CLERK_PUBLISHABLE_KEY",
            "is not a Clerk publishable key (expected pk_test_… or pk_live_…)",
            DASHBOARD,
        )
    })?;
    let secret_key = get("CLERK_SECRET_KEY").ok_or_else(|| {
        ConfigError::new(
            "CLERK_SECRET_KEY",
            "is required when AUTH_PROVIDER=clerk",
            DASHBOARD,
        )
    })?;
    if !(secret_key.starts_with("sk_test_") || secret_key.starts_with("sk_live_"))
        || secret_key.len() < 12
    {
        return Err(ConfigError::new(
            "CLERK_SECRET_KEY",
            "is not a Clerk secret key (expected sk_test_… or sk_live_…)",
            DASHBOARD,
        ));
    }
    let default_issuer = format!("https://{frontend_api}");
    let issuer = get("CLERK_ISSUER")
        .unwrap_or(&default_issuer)
        .trim_end_matches('/')
        .to_string();
    let jwks_url = match get("CLERK_JWKS_URL") {
        Some(v) => parse_http_url(
            v,
            "CLERK_JWKS_URL",
            "use the instance's JWKS URL, https://<frontend-api>/.well-known/jwks.json",
        )?,
        None => parse_http_url(
            &format!("https://{frontend_api}/.well-known/jwks.json"),
            "CLERK_PUBLISHABLE_KEY",
            DASHBOARD,
        )?,
    };
    let api_url = parse_http_url(
        get("CLERK_API_URL").unwrap_or("https://api.clerk.com"),
        "CLERK_API_URL",
        "leave it unset (https://api.clerk.com) unless you proxy Clerk's Backend API",
    )?;
    let authorized_parties = match get("CLERK_AUTHORIZED_PARTIES") {
        None => Vec::new(),
        Some(list) => list
            .split(',')
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| {
                parse_origin(p).map_err(|e| ConfigError {
                    var: "CLERK_AUTHORIZED_PARTIES",
                    ..e
                })
            })
            .collect::<Result<_, _>>()?,
    };
    Ok(ClerkConfig {
        publishable_key: publishable_key.to_string(),
        secret_key: Secret::new(secret_key),
        frontend_api,
        jwks_url,
        issuer,
        authorized_parties,
        api_url,
    })
}

fn parse_llm<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<LlmConfig, ConfigError> {
    let base_url = parse_http_url(
        get("LLM_BASE_URL").unwrap_or("https://api.openai.com/v1"),
        "LLM_BASE_URL",
        "use the API's base URL ending in /v1, e.g. https://openrouter.ai/api/v1 or http://127.0.0.1:8080/v1",
    )?;
    let api_key = get("LLM_API_KEY").ok_or_else(|| {
        ConfigError::new(
            "LLM_API_KEY",
            "is required when PARSER=llm",
            "set it to your provider's API key (any non-empty value for a local server), or use PARSER=heuristic",
        )
    })?;
    let model = get("LLM_MODEL").ok_or_else(|| {
        ConfigError::new(
            "LLM_MODEL",
            "is required when PARSER=llm",
            "set it to the model name, e.g. gpt-4o-mini, or use PARSER=heuristic",
        )
    })?;
    let timeout = parse_number(get("LLM_TIMEOUT_SECS"), "LLM_TIMEOUT_SECS", 60, 1, 600)?;
    let response_format = match get("LLM_RESPONSE_FORMAT").unwrap_or("json_schema") {
        "json_schema" => ResponseFormat::JsonSchema,
        "json_object" => ResponseFormat::JsonObject,
        other => {
            return Err(ConfigError::new(
                "LLM_RESPONSE_FORMAT",
                format!("'{other}' is not a response format"),
                "use `json_schema` (the default) or `json_object` for providers without JSON Schema support",
            ))
        }
    };
    let daily_limit =
        parse_number(get("LLM_DAILY_LIMIT"), "LLM_DAILY_LIMIT", 20, 1, 100_000)? as u32;
    Ok(LlmConfig {
        base_url,
        api_key: Secret::new(api_key),
        model: model.to_string(),
        timeout: Duration::from_secs(timeout),
        response_format,
        daily_limit,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let vars = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(&vars)
    }

    #[track_caller]
    fn rejects(pairs: &[(&str, &str)], var: &str) {
        let err = config(pairs).expect_err("configuration should be rejected");
        assert_eq!(err.var, var, "error names the wrong variable: {err}");
        let line = err.to_string();
        assert!(!line.contains('\n'), "the message is one line: {line}");
        assert!(
            line.starts_with(var),
            "the message starts with the variable: {line}"
        );
    }

    #[test]
    fn nothing_set_gives_the_embedded_defaults() {
        let c = config(&[]).unwrap();
        assert_eq!(
            c.database,
            DatabaseConfig::Sqlite {
                path: "data/vitae.db".into()
            }
        );
        assert_eq!(c.auth, AuthConfig::Local);
        assert_eq!(c.parser, ParserConfig::Heuristic);
        assert_eq!(c.site_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(c.public_base_url, "http://127.0.0.1:3000");
        assert_eq!(c.max_upload_bytes, 5 * 1024 * 1024);
        assert!(c.auto_migrate);
        assert_eq!(c.pool_mode, PoolMode::Session);
        assert!(!c.secure_cookies());
    }

    #[test]
    fn empty_values_count_as_unset() {
        let c = config(&[("DATABASE_URL", ""), ("AUTH_PROVIDER", " ")]).unwrap();
        assert_eq!(c.auth, AuthConfig::Local);
        assert_eq!(c.database.kind(), "sqlite");
    }

    #[test]
    fn every_invalid_value_names_its_variable() {
        let cases: &[(&[(&str, &str)], &str)] = &[
            (&[("DATABASE_URL", "nonsense://x")], "DATABASE_URL"),
            (&[("DATABASE_URL", "sqlite::memory:")], "DATABASE_URL"),
            (&[("DATABASE_URL", "postgres://")], "DATABASE_URL"),
            (&[("DATABASE_POOL_MODE", "statement")], "DATABASE_POOL_MODE"),
            (
                &[("DATABASE_MAX_CONNECTIONS", "0")],
                "DATABASE_MAX_CONNECTIONS",
            ),
            (
                &[("DATABASE_MAX_CONNECTIONS", "ten")],
                "DATABASE_MAX_CONNECTIONS",
            ),
            (&[("AUTO_MIGRATE", "maybe")], "AUTO_MIGRATE"),
            (&[("AUTH_PROVIDER", "bogus")], "AUTH_PROVIDER"),
            (&[("AUTH_PROVIDER", "clerk")], "CLERK_PUBLISHABLE_KEY"),
            (
                &[
                    ("AUTH_PROVIDER", "clerk"),
                    ("CLERK_PUBLISHABLE_KEY", "pk_test_!!!"),
                    ("CLERK_SECRET_KEY", "sk_test_abcdefgh"),
                ],
                "CLERK_PUBLISHABLE_KEY",
            ),
            (
                &[("AUTH_PROVIDER", "clerk"), ("CLERK_PUBLISHABLE_KEY", PK)],
                "CLERK_SECRET_KEY",
            ),
            (
                &[
                    ("AUTH_PROVIDER", "clerk"),
                    ("CLERK_PUBLISHABLE_KEY", PK),
                    ("CLERK_SECRET_KEY", "pk_test_wrongkind"),
                ],
                "CLERK_SECRET_KEY",
            ),
            (
                &[
                    ("AUTH_PROVIDER", "clerk"),
                    ("CLERK_PUBLISHABLE_KEY", PK),
                    ("CLERK_SECRET_KEY", SK),
                    ("CLERK_JWKS_URL", "not a url"),
                ],
                "CLERK_JWKS_URL",
            ),
            (
                &[
                    ("AUTH_PROVIDER", "clerk"),
                    ("CLERK_PUBLISHABLE_KEY", PK),
                    ("CLERK_SECRET_KEY", SK),
                    ("CLERK_API_URL", "ftp://x"),
                ],
                "CLERK_API_URL",
            ),
            (
                &[
                    ("AUTH_PROVIDER", "clerk"),
                    ("CLERK_PUBLISHABLE_KEY", PK),
                    ("CLERK_SECRET_KEY", SK),
                    (
                        "CLERK_AUTHORIZED_PARTIES",
                        "https://ok.example,javascript:x",
                    ),
                ],
                "CLERK_AUTHORIZED_PARTIES",
            ),
            (&[("PARSER", "magic")], "PARSER"),
            (&[("PARSER", "llm"), ("LLM_MODEL", "m")], "LLM_API_KEY"),
            (&[("PARSER", "llm"), ("LLM_API_KEY", "k")], "LLM_MODEL"),
            (
                &[
                    ("PARSER", "llm"),
                    ("LLM_API_KEY", "k"),
                    ("LLM_MODEL", "m"),
                    ("LLM_BASE_URL", "localhost:8080"),
                ],
                "LLM_BASE_URL",
            ),
            (
                &[
                    ("PARSER", "llm"),
                    ("LLM_API_KEY", "k"),
                    ("LLM_MODEL", "m"),
                    ("LLM_TIMEOUT_SECS", "0"),
                ],
                "LLM_TIMEOUT_SECS",
            ),
            (
                &[
                    ("PARSER", "llm"),
                    ("LLM_API_KEY", "k"),
                    ("LLM_MODEL", "m"),
                    ("LLM_RESPONSE_FORMAT", "text"),
                ],
                "LLM_RESPONSE_FORMAT",
            ),
            (
                &[
                    ("PARSER", "llm"),
                    ("LLM_API_KEY", "k"),
                    ("LLM_MODEL", "m"),
                    ("LLM_DAILY_LIMIT", "0"),
                ],
                "LLM_DAILY_LIMIT",
            ),
            (&[("PUBLIC_BASE_URL", "vitae.example")], "PUBLIC_BASE_URL"),
            (
                &[("PUBLIC_BASE_URL", "https://vitae.example/app")],
                "PUBLIC_BASE_URL",
            ),
            (&[("MAX_UPLOAD_BYTES", "5MB")], "MAX_UPLOAD_BYTES"),
            (&[("MAX_UPLOAD_BYTES", "10")], "MAX_UPLOAD_BYTES"),
            (&[("LEPTOS_SITE_ADDR", "localhost")], "LEPTOS_SITE_ADDR"),
            (&[("RUST_LOG", "vitae=loud")], "RUST_LOG"),
        ];
        for (pairs, var) in cases {
            rejects(pairs, var);
        }
    }

    // `clerk.example.com$` in base64.
    const PK: &str = "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k";
    const SK: &str = "sk_test_0123456789abcdef";

    #[test]
    fn clerk_urls_are_derived_from_the_publishable_key() {
        let c = config(&[
            ("AUTH_PROVIDER", "clerk"),
            ("CLERK_PUBLISHABLE_KEY", PK),
            ("CLERK_SECRET_KEY", SK),
            (
                "CLERK_AUTHORIZED_PARTIES",
                "https://vitae.example/, http://localhost:3000",
            ),
        ])
        .unwrap();
        let AuthConfig::Clerk(clerk) = c.auth else {
            panic!("clerk expected")
        };
        assert_eq!(clerk.frontend_api, "clerk.example.com");
        assert_eq!(clerk.issuer, "https://clerk.example.com");
        assert_eq!(
            clerk.jwks_url.as_str(),
            "https://clerk.example.com/.well-known/jwks.json"
        );
        assert_eq!(clerk.api_url.as_str(), "https://api.clerk.com/");
        assert_eq!(
            clerk.authorized_parties,
            ["https://vitae.example", "http://localhost:3000"]
        );
    }

    #[test]
    fn secrets_never_print() {
        let c = config(&[
            (
                "DATABASE_URL",
                "postgres://vitae:hunter2@db.example:5432/vitae",
            ),
            ("PARSER", "llm"),
            ("LLM_API_KEY", "sk-verysecret"),
            ("LLM_MODEL", "m"),
            ("AUTH_PROVIDER", "clerk"),
            ("CLERK_PUBLISHABLE_KEY", PK),
            ("CLERK_SECRET_KEY", SK),
        ])
        .unwrap();
        let printed = format!("{c:?}");
        for secret in ["hunter2", "sk-verysecret", SK] {
            assert!(!printed.contains(secret), "{secret} leaked into {printed}");
        }
    }

    #[test]
    fn the_llm_parser_defaults_to_strict_json_schema_and_twenty_parses_a_day() {
        let c = config(&[("PARSER", "llm"), ("LLM_API_KEY", "k"), ("LLM_MODEL", "m")]).unwrap();
        let ParserConfig::Llm(llm) = c.parser else {
            panic!("llm expected")
        };
        assert_eq!(llm.response_format, ResponseFormat::JsonSchema);
        assert_eq!(llm.daily_limit, 20);
        assert_eq!(llm.timeout, Duration::from_secs(60));
        assert_eq!(llm.base_url.as_str(), "https://api.openai.com/v1");

        let c = config(&[
            ("PARSER", "llm"),
            ("LLM_API_KEY", "k"),
            ("LLM_MODEL", "m"),
            ("LLM_RESPONSE_FORMAT", "json_object"),
            ("LLM_DAILY_LIMIT", "3"),
        ])
        .unwrap();
        let ParserConfig::Llm(llm) = c.parser else {
            panic!("llm expected")
        };
        assert_eq!(llm.response_format, ResponseFormat::JsonObject);
        assert_eq!(llm.daily_limit, 3);
    }

    #[test]
    fn https_public_base_url_makes_cookies_secure() {
        let c = config(&[("PUBLIC_BASE_URL", "https://vitae.example/")]).unwrap();
        assert_eq!(c.public_base_url, "https://vitae.example");
        assert!(c.secure_cookies());
    }

    #[test]
    fn every_variable_read_is_documented() {
        let source = include_str!("config.rs");
        let documented: Vec<&str> = ENV_VARS.iter().map(|v| v.name).collect();
        for (i, _) in source.match_indices("get(\"") {
            let name: String = source[i + 5..].chars().take_while(|c| *c != '"').collect();
            assert!(
                documented.contains(&name.as_str()),
                "{name} is read but not in ENV_VARS"
            );
        }
    }

    #[test]
    fn the_example_env_file_lists_every_variable() {
        let example = include_str!("../../../.env.example");
        for var in ENV_VARS {
            assert!(
                example.contains(&format!("# {}=", var.name)),
                "{} is missing from .env.example",
                var.name
            );
        }
    }
}
