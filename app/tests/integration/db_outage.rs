//! The database goes away while the app runs, then comes back: calls fail fast with
//! `StoreError::Unavailable` (a 503 with a sentence, never a hung page), and work again on the
//! same pool once the database is back — no restart. `bench/db-faults.sh` does the same to a
//! real cluster under load.

use crate::support;
use std::{
    net::SocketAddr,
    time::{Duration, Instant},
};

use app::server::{
    config::PoolMode,
    store::{self, StoreError},
};
use tokio::{
    net::{TcpSocket, TcpStream},
    task::{JoinHandle, JoinSet},
};

/// A TCP proxy in front of the test Postgres that can be cut (its port refuses connections and
/// every open connection drops, as when the server stops) and restored on the same port.
struct Cuttable {
    addr: SocketAddr,
    upstream: SocketAddr,
    task: Option<JoinHandle<()>>,
    /// The proxied connections, outside the accept task: cutting must wait until every one of
    /// them has closed, or a pooled connection may still answer the next query.
    connections: std::sync::Arc<tokio::sync::Mutex<JoinSet<()>>>,
}

impl Cuttable {
    async fn start(upstream: SocketAddr) -> Self {
        let mut proxy = Self {
            addr: "127.0.0.1:0".parse().unwrap(),
            upstream,
            task: None,
            connections: Default::default(),
        };
        proxy.restore();
        proxy
    }

    /// Listens again (on the port of the first start).
    fn restore(&mut self) {
        let socket = TcpSocket::new_v4().unwrap();
        socket.set_reuseaddr(true).unwrap();
        socket.bind(self.addr).unwrap();
        self.addr = socket.local_addr().unwrap();
        let listener = socket.listen(64).unwrap();
        let upstream = self.upstream;
        let connections = self.connections.clone();
        self.task = Some(tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    continue;
                };
                connections.lock().await.spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
            }
        }));
    }

    async fn cut(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
        // Every open connection ends, and is gone, before the cut counts as made.
        self.connections.lock().await.shutdown().await;
    }
}

#[tokio::test]
async fn a_postgres_outage_fails_fast_and_the_same_pool_recovers_when_it_is_back() {
    let direct = support::postgres().await;
    let mut url = url::Url::parse(&direct.url).unwrap();
    let upstream: SocketAddr =
        format!("{}:{}", url.host_str().unwrap(), url.port().unwrap_or(5432))
            .parse()
            .expect("the test server is addressed by IP");
    let mut proxy = Cuttable::start(upstream).await;
    url.set_port(Some(proxy.addr.port())).unwrap();
    let db = support::connect(url.as_str(), &[]).await;
    let store = store::from_database(&db, PoolMode::Session, Default::default());
    assert!(store
        .people
        .find_live_by_username("nobody")
        .await
        .unwrap()
        .is_none());

    proxy.cut().await;
    for attempt in 0..3 {
        let started = Instant::now();
        let result = store.people.find_live_by_username("nobody").await;
        assert!(
            matches!(result, Err(StoreError::Unavailable(_))),
            "attempt {attempt}: {result:?}"
        );
        assert!(
            started.elapsed() < Duration::from_millis(1500),
            "attempt {attempt}: a page must not wait long for a database that is down (took {:?})",
            started.elapsed()
        );
    }
    assert!(db.ping().await.is_err(), "readiness sees the outage");

    proxy.restore();
    let started = Instant::now();
    let result = store.people.find_live_by_username("nobody").await;
    assert!(
        matches!(result, Ok(None)),
        "the first call after the database is back works, on the same pool: {result:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(1));
    db.ping().await.expect("readiness recovers");
    proxy.cut().await;
}
