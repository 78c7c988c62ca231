//! The command line: `vitae [serve]`, `vitae migrate`, `vitae parse FILE`, `vitae users …`,
//! `vitae backup PATH`.

use std::{
    fmt::Write as _,
    path::{Path, PathBuf},
    process::ExitCode,
};

use app::server::{
    config::{Config, ENV_VARS},
    db::Database,
    parse::{worker::Isolation, Parser as ResumeParser},
};
use clap::{Parser, Subcommand, ValueEnum};

use crate::{cli_users, startup::Application, telemetry};

#[derive(Parser, Debug)]
#[command(
    name = "vitae",
    version,
    about = "Vitae turns a résumé into a personal website.",
    long_about = "Vitae turns a résumé into a personal website.\n\nWith no command it serves the site. Configuration comes from environment variables (and a .env file in the working directory, if present); with none set it runs on SQLite in ./data with built-in accounts and the built-in parser.",
    after_help = env_help()
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the site (the default).
    Serve,
    /// Apply pending database migrations, then exit.
    Migrate,
    /// Parse a résumé PDF and print it as JSON (the same code path as an upload).
    Parse {
        /// The PDF to read.
        file: PathBuf,
        /// Output shape.
        #[arg(long, value_enum, default_value_t = Format::Wrkks)]
        format: Format,
        /// Which parser reads it [default: the PARSER variable]. `llm` needs LLM_API_KEY and
        /// LLM_MODEL.
        #[arg(long, value_enum)]
        parser: Option<ParserKind>,
    },
    /// Operators: list, show or delete the people who have a site.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Copy the SQLite database to a new file (consistent while the site runs).
    Backup {
        /// The file to create; an existing file is never overwritten.
        path: PathBuf,
    },
    /// Internal: read one PDF from stdin and answer in JSON, within memory and CPU limits. The
    /// server starts one per upload; never run by hand.
    #[command(name = "parse-worker", hide = true)]
    ParseWorker {
        /// Also answer with the PDF's text (for the AI step).
        #[arg(long)]
        text: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum UsersCommand {
    /// Username, email, live or not, last update: one line each.
    List,
    /// One person's row and stored résumé JSON.
    Show { username: String },
    /// Create or update a person from a résumé JSON file (Vitae/Wrkks shape, or JSON Resume),
    /// e.g. when moving data from another system.
    Import {
        /// The résumé: Wrkks/Vitae JSON, or JSON Resume (recognised by its `basics` key).
        file: PathBuf,
        /// Whose site: an existing username updates that person; a new one creates a person.
        #[arg(long)]
        username: String,
        /// The email address of a new person (never shown on their site).
        #[arg(long, default_value = "")]
        email: String,
        /// Publish the site (without it, a new site stays unpublished and an existing one as is).
        #[arg(long)]
        live: bool,
        /// The site's style.
        #[arg(long, value_parser = ["simple", "bento"])]
        style: Option<String>,
    },
    /// Delete a person's row and résumé (asks first).
    Delete {
        username: String,
        /// Do not ask for confirmation.
        #[arg(long)]
        yes: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The Wrkks résumé JSON that Vitae stores.
    Wrkks,
    /// JSON Resume (jsonresume.org schema v1).
    JsonResume,
}

/// `vitae parse --parser`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParserKind {
    /// The built-in, offline parser.
    Heuristic,
    /// The configured OpenAI-compatible model, with the built-in parser as fallback.
    Llm,
}

/// The environment-variable table shown by `--help`, built from the one list in `Config`.
fn env_help() -> String {
    let mut out = String::from("Environment variables (also read from ./.env):\n");
    for var in ENV_VARS {
        let default = if var.default.is_empty() {
            String::new()
        } else {
            format!(" [default: {}]", var.default)
        };
        let _ = writeln!(out, "  {}{}\n      {}", var.name, default, var.help);
    }
    out
}

/// Runs the command line and turns every failure into one line on stderr and a non-zero exit.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => with_runtime(serve),
        Command::Migrate => with_runtime(migrate),
        Command::Parse {
            file,
            format,
            parser,
        } => parse(&file, format, parser),
        Command::Users { command } => with_runtime(move |config| users(config, command)),
        Command::Backup { path } => with_runtime(move |config| backup(config, path)),
        // No configuration, no logging, no runtime: the worker only reads a PDF.
        Command::ParseWorker { text } => app::server::parse::worker::serve_one(text),
    }
}

fn with_runtime<F, Fut>(f: F) -> ExitCode
where
    F: FnOnce(Config) -> Fut,
    Fut: std::future::Future<Output = Result<(), String>>,
{
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    telemetry::init(&config.log_filter);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}")),
    };
    match runtime.block_on(f(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("vitae: {message}");
    ExitCode::FAILURE
}

async fn serve(config: Config) -> Result<(), String> {
    let app = Application::build(config)
        .await
        .map_err(|e| e.to_string())?;
    app.run().await.map_err(|e| format!("server error: {e}"))
}

async fn migrate(config: Config) -> Result<(), String> {
    let db = Database::connect(&config)
        .await
        .map_err(|e| e.to_string())?;
    db.migrate().await.map_err(|e| e.to_string())?;
    db.close().await;
    println!("migrations applied ({})", config.database.kind());
    Ok(())
}

/// Connects for an operator's command: the schema must already be there (no migrating).
async fn connect_migrated(config: &Config) -> Result<Database, String> {
    let db = Database::connect(config).await.map_err(|e| e.to_string())?;
    db.check_schema().await.map_err(|e| e.to_string())?;
    Ok(db)
}

async fn users(config: Config, command: UsersCommand) -> Result<(), String> {
    // Importing is how a new deployment gets its first people: like `serve`, it may create the
    // schema (AUTO_MIGRATE). The other commands only read or delete, and want an existing one.
    let db = if matches!(command, UsersCommand::Import { .. }) && config.auto_migrate {
        let db = Database::connect(&config)
            .await
            .map_err(|e| e.to_string())?;
        db.migrate().await.map_err(|e| e.to_string())?;
        db
    } else {
        connect_migrated(&config).await?
    };
    let out = match command {
        UsersCommand::List => cli_users::users_list(&db).await,
        UsersCommand::Show { username } => cli_users::users_show(&db, &username).await,
        UsersCommand::Delete { username, yes } => {
            cli_users::users_delete(&db, &username, yes).await
        }
        UsersCommand::Import {
            file,
            username,
            email,
            live,
            style,
        } => {
            let options = app::server::service::operator::ImportOptions {
                username: &username,
                email: &email,
                live,
                style: style.as_deref().and_then(|s| s.parse().ok()),
            };
            cli_users::users_import(&db, &file, options).await
        }
    };
    db.close().await;
    print!("{}", out?);
    Ok(())
}

async fn backup(config: Config, path: PathBuf) -> Result<(), String> {
    let db = connect_migrated(&config).await?;
    let out = cli_users::backup(&db, &path).await;
    db.close().await;
    print!("{}", out?);
    Ok(())
}

/// `vitae parse`: the résumé JSON on stdout, the notice (if any) on stderr, one line and a
/// non-zero exit for a file that cannot be read.
fn parse(file: &Path, format: Format, parser: Option<ParserKind>) -> ExitCode {
    let overrides: &[(&str, &str)] = match parser {
        None => &[],
        Some(ParserKind::Heuristic) => &[("PARSER", "heuristic")],
        Some(ParserKind::Llm) => &[("PARSER", "llm")],
    };
    let config = match Config::from_env_with(overrides) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    // Logs go to stderr here: stdout is the JSON.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(&config.log_filter))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .compact()
        .try_init();
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => return fail(format!("cannot read {}: {e}", file.display())),
    };
    let parser = match ResumeParser::new(
        &config.parser,
        Isolation::Process(config.parse_worker.clone()),
        None,
    ) {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}")),
    };
    let outcome = match runtime.block_on(parser.parse_pdf(None, bytes)) {
        Ok(o) => o,
        Err(e) => return fail(format!("{}: {e}", file.display())),
    };
    if let Some(notice) = &outcome.notice {
        eprintln!("vitae: {notice}");
    }
    let json = match format {
        Format::Wrkks => serde_json::to_string_pretty(&outcome.resume),
        Format::JsonResume => {
            serde_json::to_string_pretty(&resume::json_resume::to_json_resume(&outcome.resume))
        }
    };
    match json {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(e) => fail(format!("cannot write JSON: {e}")),
    }
}
