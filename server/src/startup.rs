//! Building the application from a [`Config`] and serving it.
//!
//! [`Application::build`] connects, migrates and binds first, then reports the real address, so
//! tests start the whole app on port 0 and talk to it over HTTP.

use std::{future::Future, net::SocketAddr, path::Path, sync::Arc, time::Duration};

use app::{
    server::{
        auth::{self, AuthProvider},
        config::{Config, PoolMode},
        counters,
        db::{Database, DbError},
        parse::worker::Isolation,
        photo::MAX_PHOTO_BYTES,
        site_cache,
        state::{AppState, StateError},
    },
    shell, App,
};
use axum::{
    extract::DefaultBodyLimit,
    middleware::from_fn_with_state,
    routing::{get, post},
    Router,
};
use leptos::config::{get_configuration, Env, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::{compression::CompressionLayer, services::ServeDir};

use crate::{
    middleware,
    routes::{health, photo, public, upload},
};

/// What stopped the application from starting.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Database(#[from] DbError),
    #[error(transparent)]
    State(#[from] StateError),
    #[error("LEPTOS_*: {0} — check the LEPTOS_ variables (or unset them to use the defaults)")]
    Leptos(String),
    #[error("LEPTOS_SITE_ADDR: cannot listen on {addr} ({source}) — choose another port, or stop what is using it")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// A bound, ready-to-serve application.
pub struct Application {
    listener: tokio::net::TcpListener,
    router: Router,
    db: Database,
    store: app::server::store::Stores,
    addr: SocketAddr,
    header_read_timeout: Duration,
}

impl Application {
    /// Connects to the database (migrating it unless `AUTO_MIGRATE=false`), builds the router and
    /// binds the listening socket.
    pub async fn build(config: Config) -> Result<Self, StartError> {
        let db = Database::connect(&config).await?;
        // Beside a transaction pooler, a session-level connection for what the pooler cannot
        // carry: migrations (a session lock) and LISTEN.
        let direct = match &config.direct_url {
            Some(url) => Some(Database::connect_direct(url).await?),
            None => None,
        };
        if config.auto_migrate {
            match &direct {
                Some(direct) => Database::Postgres(direct.clone()).migrate().await?,
                None => db.migrate().await?,
            }
        } else {
            db.check_schema().await?;
        }
        let leptos_options = leptos_options(&config)?;
        let addr = config.site_addr;
        let isolation = Isolation::Process(config.parse_worker.clone());
        let state = AppState::new(config, db.clone(), leptos_options, isolation)?;
        if matches!(state.auth.as_ref(), AuthProvider::Local(_)) {
            auth::local::spawn_session_purge(state.store.accounts.clone());
        }
        counters::spawn_sweep(state.counters.clone());
        // Other instances' writes (and SQL by hand) reach this one's page cache through the
        // `users` trigger's NOTIFY, on a session-level connection: the direct one when there is
        // one, else the pool's own unless it goes through a transaction pooler (then pages are
        // checked before they are served instead).
        let listen_on = match (&direct, &db, state.config.pool_mode) {
            (Some(direct), _, _) => Some(direct.clone()),
            (None, Database::Postgres(pool), PoolMode::Session) => Some(pool.clone()),
            _ => None,
        };
        if let Some(pool) = listen_on {
            tokio::spawn(site_cache::listen(pool, state.site_marks.clone()));
        }
        let store = state.store.clone();
        let router = router(state);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| StartError::Bind { addr, source })?;
        Ok(Self {
            listener,
            router,
            db,
            store,
            addr,
            header_read_timeout: crate::serve::HEADER_READ_TIMEOUT,
        })
    }

    /// Another deadline for a request's headers than [`crate::serve::HEADER_READ_TIMEOUT`] (tests
    /// that cannot wait 20 s).
    pub fn with_header_read_timeout(mut self, timeout: Duration) -> Self {
        self.header_read_timeout = timeout;
        self
    }

    /// The address actually bound (the real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The store the application uses: writes through it mark its cached pages at once.
    pub fn store(&self) -> app::server::store::Stores {
        self.store.clone()
    }

    /// The database pool the application uses.
    pub fn database(&self) -> &Database {
        &self.db
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish (for at most
    /// [`SHUTDOWN_GRACE`]) and closes the pool.
    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        self.run_until_with_grace(shutdown, SHUTDOWN_GRACE).await
    }

    /// [`Application::run_until`] with another grace period. When `shutdown` completes the
    /// listener closes at once (new connections are refused) and idle connections are closed;
    /// requests in flight get `grace` to finish. Whatever is still running then — a stalled
    /// upload, a client that stopped sending — is abandoned, so the process always exits in
    /// time for the orchestrator (`docker stop` kills after 10 s).
    pub async fn run_until_with_grace(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
        grace: Duration,
    ) -> std::io::Result<()> {
        tracing::info!(addr = %self.addr, database = self.db.kind(), "listening");
        let (signalled_tx, signalled_rx) = tokio::sync::oneshot::channel::<()>();
        let shutdown = async move {
            shutdown.await;
            let _ = signalled_tx.send(());
        };
        let served = crate::serve::serve(
            self.listener,
            self.router,
            shutdown,
            self.header_read_timeout,
        );
        let grace_over = async move {
            match signalled_rx.await {
                Ok(()) => tokio::time::sleep(grace).await,
                // The server ended without a signal: nothing to time.
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = served => {}
            () = grace_over => {
                tracing::warn!(
                    grace_secs = grace.as_secs_f64(),
                    "requests still in flight after the grace period; exiting without them"
                );
            }
        }
        // Connections of abandoned requests may still be checked out: do not wait for them long.
        if tokio::time::timeout(POOL_CLOSE_WAIT, self.db.close())
            .await
            .is_err()
        {
            tracing::warn!("database connections still in use at exit; closing anyway");
        }
        Ok(())
    }

    /// Serves until SIGINT or SIGTERM.
    pub async fn run(self) -> std::io::Result<()> {
        self.run_until(shutdown_signal()).await
    }
}

/// The Leptos options: Leptos's own variables, then ours (already validated) on top, then what
/// can be inferred so a release binary started with no variables at all serves the whole site.
pub fn leptos_options(config: &Config) -> Result<LeptosOptions, StartError> {
    // cargo-leptos sets LEPTOS_OUTPUT_NAME at compile time; a plain `cargo build`/`cargo test`
    // binary has none, and Leptos would complain on stderr, so it gets the defaults directly.
    let built_by_cargo_leptos = option_env!("LEPTOS_OUTPUT_NAME").is_some_and(|n| !n.is_empty())
        || std::env::var_os("LEPTOS_OUTPUT_NAME").is_some();
    let mut options = if built_by_cargo_leptos {
        get_configuration(None)
            .map_err(|e| StartError::Leptos(e.to_string()))?
            .leptos_options
    } else {
        LeptosOptions::builder().output_name("vitae").build()
    };
    options.site_addr = config.site_addr;
    options.site_root = config.site_root.to_string_lossy().as_ref().into();
    if std::env::var_os("LEPTOS_HASH_FILES").is_none() {
        // cargo-leptos writes hash.txt next to the binary when it hashes file names; `serve`
        // passes LEPTOS_HASH_FILES, but a binary started by hand must find out by itself.
        options.hash_files = std::env::current_exe()
            .ok()
            .and_then(|exe| exe.parent().map(|dir| dir.join(options.hash_file.as_ref())))
            .is_some_and(|p| p.exists());
    }
    if std::env::var_os("LEPTOS_ENV").is_none() && !cfg!(debug_assertions) {
        options.env = Env::PROD;
    }
    Ok(options)
}

/// How long requests in flight at shutdown may take to finish: `docker stop` and systemd send
/// SIGKILL 10 s after SIGTERM (Kubernetes after 30 s), and closing the pool needs a moment too.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);
/// How long closing the pool may wait for connections still checked out at exit.
const POOL_CLOSE_WAIT: Duration = Duration::from_secs(1);

/// The largest body a server function accepts (a résumé at every limit of `resume::validate` is
/// far below this; uploads have their own limit).
pub const SERVER_FN_BODY_LIMIT: usize = 1024 * 1024;

/// The app's routes, listed once per process. Listing renders the app with resource loading
/// suspended through a process-wide flag, so a second listing (another `Application` in the same
/// process, as in the tests) would stall the pages other apps are rendering at that moment; the
/// list is the same for every app anyway.
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Every route of the site.
pub fn router(state: AppState) -> Router {
    let options = state.leptos_options.clone();
    let routes = route_list();
    let pkg_dir = Path::new(options.site_root.as_ref()).join(options.site_pkg_dir.as_ref());
    let pkg = Router::new()
        .fallback_service(
            ServeDir::new(pkg_dir)
                .precompressed_br()
                .precompressed_gzip(),
        )
        .layer(from_fn_with_state(
            options.hash_files,
            middleware::pkg_cache_control,
        ));

    Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        // Streams its body under its own limit (`MAX_UPLOAD_BYTES`); see routes/upload.rs.
        .route(
            "/api/upload",
            post(upload::upload).layer(DefaultBodyLimit::disable()),
        )
        // A photo: the raw image as the body, refused (413) over the limit before it is read.
        .route(
            "/api/photo",
            post(photo::set_photo).layer(DefaultBodyLimit::max(MAX_PHOTO_BYTES)),
        )
        .route("/photos/{file}", get(photo::photo))
        .nest(&format!("/{}", options.site_pkg_dir), pkg)
        // People's sites: /{username}, …/resume.json, …/og.png. Static routes (the app's pages,
        // /healthz, /pkg, /api) win over these; file names fall through to the fallback.
        .merge(public::routes())
        .leptos_routes_with_context(
            &state,
            routes,
            {
                let state = state.clone();
                move || leptos::prelude::provide_context(state.clone())
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        // Server functions read their whole body before decoding it: a résumé is tens of KB, so
        // anything over the limit is refused (413) rather than buffered.
        .layer(from_fn_with_state(
            SERVER_FN_BODY_LIMIT,
            middleware::limit_server_fn_body,
        ))
        // Auth: protected pages redirect anonymous visitors; cross-site mutations are refused.
        // The same state, behind one `Arc`: middleware runs on every request, and an `Arc` is
        // one count to clone where the state is a dozen.
        .layer(from_fn_with_state(
            Arc::new(state.clone()),
            middleware::require_sign_in,
        ))
        .layer(from_fn_with_state(
            Arc::new(state.clone()),
            middleware::refuse_cross_site,
        ))
        .layer(from_fn_with_state(
            Arc::new(middleware::SecurityHeaders::new(&state.config)),
            middleware::security_headers,
        ))
        .layer(CompressionLayer::new())
        .layer(middleware::trace_requests())
        .with_state(state)
}

/// Completes on Ctrl-C or SIGTERM (what `docker stop`, systemd and Kubernetes send).
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
