//! The list of variables: `vitae --help`, the README and `.env.example` follow it.

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

/// The default [`ENV_VARS`] shows for `name`: what an unset variable means. `from_vars` reads it
/// from here rather than repeating it, so `--help` and the behaviour cannot drift apart. A name
/// not in the list has no default ("", as if unset); the tests check every name read is listed.
pub(super) fn default_of(name: &str) -> &'static str {
    ENV_VARS
        .iter()
        .find(|v| v.name == name)
        .map_or("", |v| v.default)
}
