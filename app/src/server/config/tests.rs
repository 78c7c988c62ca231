//! The configuration's rules, one variable at a time.

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
    let source = [include_str!("mod.rs"), include_str!("values.rs")].concat();
    let documented: Vec<&str> = ENV_VARS.iter().map(|v| v.name).collect();
    // Every way a variable is read: as set, with its listed default, or the default alone.
    let reads = ["get(\"", "value(\"", "default_of(\""]
        .into_iter()
        .flat_map(|call| source.match_indices(call).map(move |(i, _)| i + call.len()));
    for start in reads {
        let name: String = source[start..].chars().take_while(|c| *c != '"').collect();
        assert!(
            documented.contains(&name.as_str()),
            "{name} is read but not in ENV_VARS"
        );
    }
}

#[test]
fn the_example_env_file_lists_every_variable() {
    let example = include_str!("../../../../.env.example");
    for var in ENV_VARS {
        assert!(
            example.contains(&format!("# {}=", var.name)),
            "{} is missing from .env.example",
            var.name
        );
    }
}
