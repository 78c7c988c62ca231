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
