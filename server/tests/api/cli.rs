//! The `vitae` binary as an operator meets it: start-up failures are one clear line.

use std::process::{Command, Output};

fn vitae(args: &[&str], env: &[(&str, &str)]) -> Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_vitae"));
    cmd.args(args).current_dir(dir.path()).env_clear();
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("vitae runs")
}

#[track_caller]
fn fails_naming(env: &[(&str, &str)], var: &str) {
    let out = vitae(&["serve"], env);
    assert!(!out.status.success(), "{env:?} should stop the server");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected, got: {stderr}");
    assert!(lines[0].contains(var), "the line names {var}: {stderr}");
}

#[test]
fn a_nonsense_database_url_fails_at_once_naming_the_variable() {
    fails_naming(&[("DATABASE_URL", "nonsense://x")], "DATABASE_URL");
}

#[test]
fn a_bogus_auth_provider_fails_at_once_naming_the_variable() {
    fails_naming(&[("AUTH_PROVIDER", "bogus")], "AUTH_PROVIDER");
}

#[test]
fn an_llm_parser_without_a_key_fails_at_once_naming_the_variable() {
    fails_naming(&[("PARSER", "llm"), ("LLM_MODEL", "m")], "LLM_API_KEY");
}

#[test]
fn a_port_already_in_use_fails_naming_the_address_variable() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    fails_naming(&[("LEPTOS_SITE_ADDR", &addr)], "LEPTOS_SITE_ADDR");
}

#[test]
fn an_unreachable_postgres_fails_with_what_to_do() {
    // Port 9 (discard) on loopback: nothing listens there.
    fails_naming(
        &[("DATABASE_URL", "postgres://vitae:pw@127.0.0.1:9/vitae")],
        "DATABASE_URL",
    );
}

#[test]
fn dot_env_in_the_working_directory_is_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".env"), "AUTH_PROVIDER=bogus-from-dotenv\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vitae"))
        .arg("serve")
        .current_dir(dir.path())
        .env_clear()
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("bogus-from-dotenv"));
}

#[test]
fn help_explains_every_environment_variable() {
    let out = vitae(&["--help"], &[]);
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for var in app::server::config::ENV_VARS {
        assert!(
            help.contains(var.name),
            "--help does not mention {}",
            var.name
        );
    }
    for command in ["serve", "migrate", "parse"] {
        assert!(
            help.contains(command),
            "--help does not mention `{command}`"
        );
    }
}

#[test]
fn migrate_creates_the_sqlite_file_and_its_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_vitae"))
        .arg("migrate")
        .current_dir(dir.path())
        .env_clear()
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        dir.path().join("data/vitae.db").exists(),
        "the default database file is created"
    );
}

#[test]
fn sigterm_stops_the_server_gracefully_and_promptly() {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_vitae"))
        .current_dir(dir.path())
        .env_clear()
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed().as_secs() < 30,
            "the server did not start listening"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let stopped = std::time::Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(status.success(), "a graceful stop exits 0, got {status}");
            break;
        }
        assert!(
            stopped.elapsed().as_secs() < 10,
            "still running 10 s after SIGTERM"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

const PDF: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../resume/tests/fixtures/nurse-word.pdf"
);

#[track_caller]
fn json_of(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "vitae parse failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("stdout is JSON")
}

#[test]
fn parse_prints_the_resume_read_from_a_real_pdf_as_wrkks_json() {
    let out = vitae(&["parse", PDF], &[]);
    let resume = json_of(&out);
    assert!(
        !resume["personalInfo"]["name"].as_str().unwrap().is_empty(),
        "a name is read: {resume}"
    );
    assert!(resume["experience"]
        .as_array()
        .is_some_and(|e| !e.is_empty()));
    assert!(out.stderr.is_empty(), "no notice for the built-in parser");
}

#[test]
fn parse_prints_json_resume_when_asked() {
    let out = vitae(
        &[
            "parse",
            PDF,
            "--format",
            "json-resume",
            "--parser",
            "heuristic",
        ],
        &[("PARSER", "llm")],
    );
    let resume = json_of(&out);
    assert!(!resume["basics"]["name"].as_str().unwrap().is_empty());
}

#[test]
fn parse_of_a_file_that_is_not_a_pdf_fails_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cv.pdf");
    std::fs::write(&path, "just some text, not a PDF").unwrap();
    let out = vitae(&["parse", path.to_str().unwrap()], &[]);
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("not a PDF"), "{stderr}");
}

#[test]
fn parse_of_a_missing_file_fails_with_one_line_naming_it() {
    let out = vitae(&["parse", "/nonexistent/cv.pdf"], &[]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("/nonexistent/cv.pdf"), "{stderr}");
}

#[test]
fn parse_with_the_llm_parser_and_no_key_fails_naming_the_variable() {
    let out = vitae(&["parse", PDF, "--parser", "llm"], &[("LLM_MODEL", "m")]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
    assert!(stderr.contains("LLM_API_KEY"), "{stderr}");
}

/// A one-route OpenAI-compatible endpoint answering every request with `content`.
async fn fake_provider(content: String) -> String {
    use axum::{routing::post, Json, Router};
    let app = Router::new().route(
        "/v1/chat/completions",
        post(move || async move {
            Json(serde_json::json!({
                "choices": [{"index": 0, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": content, "refusal": null}}]
            }))
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{addr}/v1")
}

#[tokio::test]
async fn parse_with_the_llm_parser_prints_the_models_resume() {
    let mut answer = serde_json::to_value(resume::Resume::default()).unwrap();
    answer["personalInfo"]["name"] = "Name From The Model".into();
    answer["personalInfo"]["profiles"] = serde_json::json!([]);
    answer["skills"]["groups"] = serde_json::json!([]);
    let base_url = fake_provider(answer.to_string()).await;
    let out = tokio::task::spawn_blocking(move || {
        vitae(
            &["parse", PDF, "--parser", "llm"],
            &[
                ("LLM_BASE_URL", &base_url),
                ("LLM_API_KEY", "sk-local"),
                ("LLM_MODEL", "local-model"),
            ],
        )
    })
    .await
    .unwrap();
    let resume = json_of(&out);
    assert_eq!(resume["personalInfo"]["name"], "Name From The Model");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn parse_with_an_unreachable_model_still_prints_the_built_in_result_and_says_why() {
    let out = vitae(
        &["parse", PDF, "--parser", "llm"],
        &[
            // Port 9 (discard) on loopback: nothing listens there.
            ("LLM_BASE_URL", "http://127.0.0.1:9/v1"),
            ("LLM_API_KEY", "sk-never-printed"),
            ("LLM_MODEL", "m"),
            ("RUST_LOG", "off"),
        ],
    );
    let resume = json_of(&out);
    assert!(!resume["personalInfo"]["name"].as_str().unwrap().is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("AI step failed"), "{stderr}");
    assert!(!stderr.contains("sk-never-printed"), "{stderr}");
}
