//! Reading one value: each function checks a variable's text and says what is wrong with it, and
//! how to fix it, in a [`ConfigError`].

use std::{path::PathBuf, time::Duration};

use url::Url;

use super::{
    env_vars::default_of, ClerkConfig, ConfigError, DatabaseConfig, LlmConfig, ResponseFormat,
    Secret,
};

/// The running program. On Linux `/proc/self/exe` names it even after a deploy has replaced or
/// removed the file on disk, so workers keep matching the server that starts them.
pub(super) fn this_executable() -> PathBuf {
    if cfg!(target_os = "linux") {
        PathBuf::from("/proc/self/exe")
    } else {
        std::env::current_exe().unwrap_or_else(|_| PathBuf::from("vitae"))
    }
}

pub(super) fn parse_database_url(raw: &str) -> Result<DatabaseConfig, ConfigError> {
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
pub(super) fn parse_trusted_proxies(raw: Option<&str>) -> Result<Vec<ipnet::IpNet>, ConfigError> {
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

pub(super) fn parse_bool(raw: &str, var: &'static str) -> Result<bool, ConfigError> {
    match raw.to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        other => Err(ConfigError::new(
            var,
            format!("'{other}' is not true or false"),
            "use `true` or `false`",
        )),
    }
}

pub(super) fn parse_number(
    raw: &str,
    var: &'static str,
    min: u64,
    max: u64,
) -> Result<u64, ConfigError> {
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
pub(super) fn parse_origin(raw: &str) -> Result<String, ConfigError> {
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

pub(super) fn parse_http_url(raw: &str, var: &'static str, fix: &str) -> Result<Url, ConfigError> {
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

pub(super) fn parse_clerk<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
) -> Result<ClerkConfig, ConfigError> {
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
        get("CLERK_API_URL").unwrap_or(default_of("CLERK_API_URL")),
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

pub(super) fn parse_llm<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
) -> Result<LlmConfig, ConfigError> {
    let base_url = parse_http_url(
        get("LLM_BASE_URL").unwrap_or(default_of("LLM_BASE_URL")),
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
    let timeout = parse_number(
        get("LLM_TIMEOUT_SECS").unwrap_or(default_of("LLM_TIMEOUT_SECS")),
        "LLM_TIMEOUT_SECS",
        1,
        600,
    )?;
    let response_format = match get("LLM_RESPONSE_FORMAT")
        .unwrap_or(default_of("LLM_RESPONSE_FORMAT"))
    {
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
    let daily_limit = parse_number(
        get("LLM_DAILY_LIMIT").unwrap_or(default_of("LLM_DAILY_LIMIT")),
        "LLM_DAILY_LIMIT",
        1,
        100_000,
    )? as u32;
    Ok(LlmConfig {
        base_url,
        api_key: Secret::new(api_key),
        model: model.to_string(),
        timeout: Duration::from_secs(timeout),
        response_format,
        daily_limit,
    })
}
