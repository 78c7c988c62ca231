//! The accept loop: what `axum::serve` does, plus a deadline for a request's headers.
//!
//! `axum::serve` gives hyper no timer, so hyper's header read timeout never fires: a client that
//! sends its headers a byte at a time holds a connection (and a task) for as long as it likes
//! (bench/upload-abuse.sh measured a 176-byte request line trickled over 177 s, then answered).
//! Here hyper gets tokio's timer and [`HEADER_READ_TIMEOUT`]. Bodies have their own limits
//! (`routes/upload.rs`).

use std::{future::Future, io, time::Duration};

use axum::{body::Body, extract::ConnectInfo, Router};
use hyper::body::Incoming;
use hyper_util::{
    rt::{TokioExecutor, TokioIo, TokioTimer},
    server::{conn::auto::Builder, graceful::GracefulShutdown},
    service::TowerToHyperService,
};
use tokio::net::TcpListener;
use tower::ServiceExt as _;

/// How long a client has to send a request's headers, counted from when the connection is ready
/// for a request (so it also closes a keep-alive connection left idle that long). Generous for
/// any real client on a slow phone line: a request's headers are a few hundred bytes.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(20);

/// Serves `router` on `listener` until `shutdown` completes; then stops accepting (the listener
/// closes), closes idle connections, and returns once the requests in flight have finished.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send,
    header_read_timeout: Duration,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (tcp, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    pause_after_accept_error(&e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Leptos streams pages in several writes: without TCP_NODELAY, Nagle's algorithm holds
        // the later ones back until an ACK arrives (measured: 18 ms per page instead of 0.2 ms).
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "could not set TCP_NODELAY");
        }
        let service = router
            .clone()
            .map_request(move |mut request: http::Request<Incoming>| {
                // What `into_make_service_with_connect_info` would add: rate limits key on it.
                request.extensions_mut().insert(ConnectInfo(remote));
                request.map(Body::new)
            });
        let service = TowerToHyperService::new(service);
        let connection = builder
            .serve_connection(TokioIo::new(tcp), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::trace!(error = %e, %remote, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
}

/// Accept errors are about one connection (reset before it was accepted: try the next at once)
/// or about the process (out of file descriptors: give the others a moment to close theirs).
async fn pause_after_accept_error(e: &io::Error) {
    use io::ErrorKind::*;
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %e, "cannot accept connections; trying again in a second");
    tokio::time::sleep(Duration::from_secs(1)).await;
}
