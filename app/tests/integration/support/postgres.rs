//! A Postgres server for tests, and a fresh database on it per test.
//!
//! - `TEST_DATABASE_URL` set: that server is used (the role must be allowed to create databases
//!   and roles; password authentication over TCP for the wrong-password test).
//! - Otherwise a throwaway cluster is started once per test binary: `initdb` into a temp dir (as
//!   the `postgres` user when running as root, since `initdb` refuses root), `pg_ctl start` on a
//!   free port, listening on 127.0.0.1 only, password authentication over TCP. Each test binary
//!   has its own cluster, so binaries running at once never share one. A watchdog process stops
//!   the cluster (`pg_ctl -m immediate stop`) and removes the directory when the binary exits,
//!   even after a panic, since statics are never dropped.
//! - No Postgres at all: the test fails and says how to provide one. Nothing is skipped.
//! - [`pgbouncer`]: a pgbouncer in `pool_mode=transaction` in front of that server (the stand-in
//!   for Supabase's Supavisor on port 6543), started once per test binary the same way, or the
//!   one `TEST_PGBOUNCER_URL` names. No pgbouncer: the test fails and says how to get one.

use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::OnceLock,
};

use sqlx::{Connection, Executor, PgConnection};
use url::Url;

/// The variable that points the tests at an existing server.
pub const TEST_DATABASE_URL: &str = "TEST_DATABASE_URL";

/// A server the tests may create databases on.
#[derive(Debug)]
pub struct Server {
    /// A URL for an administrative connection (any database; the path is replaced).
    admin_url: Url,
}

static SERVER: OnceLock<Result<Server, String>> = OnceLock::new();

/// The URL the variable `var` gives, or else what `start` makes.
fn given_or_started(var: &str, start: impl FnOnce() -> Result<Url, String>) -> Result<Url, String> {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => {
            Url::parse(url.trim()).map_err(|e| format!("{var} is not a URL ({e})"))
        }
        _ => start(),
    }
}

/// `url` with its path (the database name) replaced by `name`.
fn with_database(url: &Url, name: &str) -> Url {
    let mut url = url.clone();
    url.set_path(&format!("/{name}"));
    url
}

/// The server for this test binary, started on first use.
pub fn server() -> &'static Server {
    let server = SERVER.get_or_init(|| {
        given_or_started(TEST_DATABASE_URL, start_cluster).map(|admin_url| Server { admin_url })
    });
    match server {
        Ok(server) => server,
        Err(why) => panic!(
            "the Postgres tests need a Postgres server and none could be had: {why}\n\
             Either set {TEST_DATABASE_URL}=postgres://USER:PASSWORD@HOST:PORT/postgres (a role \
             that may create databases and roles), or install PostgreSQL (Debian: apt-get install \
             postgresql) so the tests can start a throwaway cluster, or run the tests through \
             scripts/with-postgres.sh."
        ),
    }
}

impl Server {
    /// The URL of database `name` on this server, as the admin role.
    pub fn url(&self, name: &str) -> String {
        with_database(&self.admin_url, name).to_string()
    }

    /// The URL of database `name` as another role.
    pub fn url_as(&self, name: &str, user: &str, password: &str) -> String {
        let mut url = with_database(&self.admin_url, name);
        url.set_username(user).expect("a URL with a host");
        url.set_password(Some(password)).expect("a URL with a host");
        url.to_string()
    }

    /// An administrative connection to the server's maintenance database.
    pub async fn admin(&self) -> PgConnection {
        let url = self.url("postgres");
        PgConnection::connect(&url)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test Postgres server: {e}"))
    }

    /// Creates an empty database with a random name and returns its URL (as the admin role).
    pub async fn fresh_database(&self) -> String {
        let name = format!("vitae_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin = self.admin().await;
        admin
            .execute(format!("create database {name}").as_str())
            .await
            .unwrap_or_else(|e| panic!("cannot create the test database {name}: {e}"));
        admin.close().await.ok();
        self.url(&name)
    }
}

/// Runs one statement as the admin role on database `url` (setup that is not under test).
pub async fn execute(url: &str, sql: &str) {
    let mut conn = PgConnection::connect(url)
        .await
        .unwrap_or_else(|e| panic!("cannot connect to {url}: {e}"));
    conn.execute(sql)
        .await
        .unwrap_or_else(|e| panic!("setup SQL failed ({e}):\n{sql}"));
    conn.close().await.ok();
}

/// The variable that points the tests at an existing transaction-mode pgbouncer (in front of the
/// server of `TEST_DATABASE_URL`).
pub const TEST_PGBOUNCER_URL: &str = "TEST_PGBOUNCER_URL";

/// A transaction-mode pooler in front of [`server`].
#[derive(Debug)]
pub struct Bouncer {
    url: Url,
}

static BOUNCER: OnceLock<Result<Bouncer, String>> = OnceLock::new();

/// The pgbouncer for this test binary, started on first use.
pub fn pgbouncer() -> &'static Bouncer {
    let bouncer = BOUNCER.get_or_init(|| {
        given_or_started(TEST_PGBOUNCER_URL, || start_pgbouncer(server()))
            .map(|url| Bouncer { url })
    });
    match bouncer {
        Ok(bouncer) => bouncer,
        Err(why) => panic!(
            "the pooler tests need pgbouncer and none could be had: {why}\n\
             Install it (Debian: apt-get install pgbouncer) so the tests can start one, or set \
             {TEST_PGBOUNCER_URL}=postgres://USER:PASSWORD@HOST:PORT/postgres for a pgbouncer in \
             pool_mode=transaction in front of the TEST_DATABASE_URL server."
        ),
    }
}

impl Bouncer {
    /// The URL of database `name` through the pooler.
    pub fn url(&self, name: &str) -> String {
        with_database(&self.url, name).to_string()
    }
}

fn start_pgbouncer(server: &Server) -> Result<Url, String> {
    let program = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
        .or_else(|| {
            std::env::var_os("PATH").and_then(|paths| {
                std::env::split_paths(&paths)
                    .map(|d| d.join("pgbouncer"))
                    .find(|p| p.exists())
            })
        })
        .ok_or("no pgbouncer binary (looked in /usr/sbin, /usr/bin and $PATH)")?;
    let as_root = is_root();
    let dir = tempfile::Builder::new()
        .prefix("vitae-pgbouncer-")
        .tempdir()
        .map_err(|e| format!("cannot create a temp dir: {e}"))?
        .keep();
    let admin = &server.admin_url;
    let mut last_error = String::new();
    for _ in 0..5 {
        let port = free_port()?;
        // `auth_type = any` with the server login in the database line: a throwaway pooler on
        // 127.0.0.1 whose clients are this test binary. `extra_float_digits` is a startup
        // parameter sqlx sends that pgbouncer does not track.
        let ini = format!(
            "[databases]\n* = host={host} port={pg_port} user={user} password={password}\n\
             [pgbouncer]\nlisten_addr = 127.0.0.1\nlisten_port = {port}\nunix_socket_dir =\n\
             auth_type = any\npool_mode = transaction\nmax_client_conn = 2000\n\
             default_pool_size = 40\nignore_startup_parameters = extra_float_digits\n\
             logfile = {dir}/pgbouncer.log\npidfile = {dir}/pgbouncer.pid\n",
            host = admin.host_str().unwrap_or("127.0.0.1"),
            pg_port = admin.port().unwrap_or(5432),
            user = admin.username(),
            password = admin.password().unwrap_or_default(),
            dir = dir.display(),
        );
        let config = dir.join("pgbouncer.ini");
        std::fs::write(&config, ini).map_err(|e| format!("cannot write {config:?}: {e}"))?;
        if as_root {
            // pgbouncer refuses to run as root.
            run(Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(&dir))?;
        }
        let started = run(pg_command(as_root, &program).arg("-d").arg(&config));
        let url = Url::parse(&format!(
            "postgres://vitae:unused@127.0.0.1:{port}/postgres"
        ))
        .map_err(|e| e.to_string())?;
        if started.is_ok() && wait_for_port(port) {
            // pgbouncer refuses root, so it runs as `postgres`; root may still signal it.
            spawn_watchdog(
                &format!("kill $(cat {}/pgbouncer.pid)", dir.display()),
                &dir,
                "pgbouncer",
            );
            return Ok(url);
        }
        last_error = started.err().unwrap_or_else(|| {
            std::fs::read_to_string(dir.join("pgbouncer.log")).unwrap_or_default()
        });
    }
    Err(format!("pgbouncer did not start: {last_error}"))
}

fn wait_for_port(port: u16) -> bool {
    (0..100).any(|_| {
        let up = std::net::TcpStream::connect(("127.0.0.1", port)).is_ok();
        if !up {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        up
    })
}

fn start_cluster() -> Result<Url, String> {
    let bin = find_bindir().ok_or(
        "TEST_DATABASE_URL is not set and no PostgreSQL binaries were found \
         (looked in $PG_BINDIR, /usr/lib/postgresql/*/bin and $PATH)",
    )?;
    let as_root = is_root();
    let dir = tempfile::Builder::new()
        .prefix("vitae-pg-")
        .tempdir()
        .map_err(|e| format!("cannot create a temp dir: {e}"))?
        .keep();
    let started = start_cluster_in(&bin, as_root, &dir);
    if started.is_err() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    started
}

fn start_cluster_in(bin: &Path, as_root: bool, dir: &Path) -> Result<Url, String> {
    let data = dir.join("data");
    let password = uuid::Uuid::new_v4().simple().to_string();
    let pwfile = dir.join("pwfile");
    std::fs::write(&pwfile, &password).map_err(|e| format!("cannot write {pwfile:?}: {e}"))?;
    if as_root {
        run(Command::new("chown")
            .args(["-R", "postgres:postgres"])
            .arg(dir))?;
    }
    run(pg_command(as_root, &bin.join("initdb"))
        .arg("-D")
        .arg(&data)
        .args([
            "-U",
            "postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--no-sync",
        ])
        .arg(format!("--pwfile={}", pwfile.display())))?;

    // Another test binary may take the port between our probe and the server's bind: try again.
    let mut last_error = String::new();
    for _ in 0..5 {
        let port = free_port()?;
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off \
             -c synchronous_commit=off -c full_page_writes=off -c max_connections=200",
            dir.display()
        );
        let started = run(pg_command(as_root, &bin.join("pg_ctl"))
            .arg("-D")
            .arg(&data)
            .arg("-o")
            .arg(&options)
            .arg("-l")
            .arg(dir.join("server.log"))
            .args(["-w", "-t", "30", "start"]));
        match started {
            Ok(()) => {
                spawn_watchdog(&pg_stop_command(as_root, bin, &data), dir, "cluster");
                return Url::parse(&format!(
                    "postgres://postgres:{password}@127.0.0.1:{port}/postgres"
                ))
                .map_err(|e| e.to_string());
            }
            Err(e) => last_error = e,
        }
    }
    Err(format!("the throwaway cluster did not start: {last_error}"))
}

/// Once this process has gone, runs `stop` (a shell command) and removes `dir`: statics are never
/// dropped, and a panicking test must not leave a server behind. `what` names it in a warning.
fn spawn_watchdog(stop: &str, dir: &Path, what: &str) {
    let script = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 0.5; done; {stop} >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        dir = dir.display(),
    );
    let spawned = Command::new("sh")
        .args(["-c", &script])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: no watchdog for the test {what} in {dir:?} ({e}); stop it by hand");
    }
}

/// The shell command that stops the cluster in `data` at once.
fn pg_stop_command(as_root: bool, bin: &Path, data: &Path) -> String {
    let stop = format!(
        "{} -D {} -m immediate stop",
        bin.join("pg_ctl").display(),
        data.display()
    );
    if as_root {
        format!("runuser -u postgres -- {stop}")
    } else {
        stop
    }
}

fn pg_command(as_root: bool, program: &Path) -> Command {
    if as_root {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn run(command: &mut Command) -> Result<(), String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{command:?} failed ({}): {}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> Result<u16, String> {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))
}

/// `$PG_BINDIR`, then the newest `/usr/lib/postgresql/*/bin` (Debian), then `initdb` on `$PATH`.
fn find_bindir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BINDIR") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .find(|p| p.join("initdb").exists() && p.join("pg_ctl").exists())
    })
}
