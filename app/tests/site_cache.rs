//! Cached public pages across instances: a write through one instance's store reaches the
//! others' page caches through Postgres NOTIFY.

mod support;

use std::time::Duration;

use app::server::site_cache;

#[tokio::test]
async fn a_write_on_another_instance_invalidates_this_instances_pages_through_notify() {
    let this = support::postgres().await;
    // Another instance: its own pool on the same database.
    let other = support::connect(&this.url, &[]).await;
    tokio::spawn(site_cache::listen(this.pg_pool().clone()));
    // The listener invalidates once when it starts listening; wait for that first.
    let started = site_cache::generation();
    wait_for_change(started, "the listener starts").await;

    let before = site_cache::generation();
    // Not through this process's `invalidate_all`: a plain NOTIFY, as another process sends it.
    sqlx::query("select pg_notify($1, '')")
        .bind(site_cache::CHANNEL)
        .execute(match &other {
            app::server::db::Database::Postgres(pool) => pool,
            _ => unreachable!(),
        })
        .await
        .unwrap();
    wait_for_change(before, "a notification arrives").await;
}

async fn wait_for_change(from: u64, what: &str) {
    for _ in 0..100 {
        if site_cache::generation() != from {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the generation did not change after {what}");
}
