//! Parses a résumé PDF and prints it as JSON.
//!
//! `cargo run -p resume --features parse --example parse -- FILE.pdf [--format wrkks|json-resume]`
//!
//! `RUST_LOG=resume=debug` prints the parser's debug events on stderr (sections, entry lines).
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args
        .iter()
        .find(|a| !a.starts_with("--") && !matches!(a.as_str(), "wrkks" | "json-resume"))
    else {
        eprintln!("usage: parse FILE.pdf [--format wrkks|json-resume]");
        return ExitCode::from(2);
    };
    let json_resume = args
        .windows(2)
        .any(|w| w[0] == "--format" && w[1] == "json-resume")
        || args.iter().any(|a| a == "--format=json-resume");
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    match resume::parse::parse_pdf(&bytes) {
        Ok(r) => {
            let v = if json_resume {
                resume::json_resume::to_json_resume(&r)
            } else {
                serde_json::to_value(&r).expect("a résumé serialises")
            };
            let mut out = std::io::stdout().lock();
            let _ = writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&v).expect("JSON serialises")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{path}: {e}");
            ExitCode::FAILURE
        }
    }
}
