//! Cached public pages across instances: a write through one instance's store reaches the
//! others' page caches through Postgres NOTIFY.

mod support;

use std::time::Duration;

use app::server::site_cache;

/// The marks are process-wide and a listener starting marks every page: one test at a time.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test]
async fn a_write_on_another_instance_invalidates_this_instances_pages_through_notify() {
    let _serial = SERIAL.lock().await;
    let this = support::postgres().await;
    // Another instance: its own pool on the same database.
    let other = support::connect(&this.url, &[]).await;
    tokio::spawn(site_cache::listen(this.pg_pool().clone()));
    // The listener invalidates once when it starts listening; wait for that first.
    let started = site_cache::generation();
    wait_for_change(started, "the listener starts").await;

    let before = site_cache::generation();
    // Not through this process's `invalidate_all`: a plain NOTIFY, as another process sends it.
    notify(&other, "").await;
    wait_for_change(before, "a notification arrives").await;
}

/// What another instance sends after a write: `payload` is the username, or empty for "anything".
async fn notify(other: &app::server::db::Database, payload: &str) {
    let app::server::db::Database::Postgres(pool) = other else {
        unreachable!("NOTIFY is Postgres's")
    };
    sqlx::query("select pg_notify($1, $2)")
        .bind(site_cache::CHANNEL)
        .bind(payload)
        .execute(pool)
        .await
        .unwrap();
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

#[tokio::test]
async fn a_write_marks_only_the_page_of_the_person_it_changed() {
    let _serial = SERIAL.lock().await;
    let db = support::sqlite().await;
    let store = db.store();
    let (ada, bob) = (support::subject(), support::subject());
    let (ada_name, bob_name) = (support::username("ada"), support::username("bob"));
    for (subject, username) in [(&ada, &ada_name), (&bob, &bob_name)] {
        store
            .create_user(app::server::store::NewUser {
                subject,
                username,
                email: &format!("{username}@example.com"),
            })
            .await
            .unwrap();
    }

    let checked = site_cache::generation();
    store
        .update_resume(&ada, &support::sample_resume())
        .await
        .unwrap();
    assert!(!site_cache::unchanged_since(&ada_name, checked));
    assert!(
        site_cache::unchanged_since(&bob_name, checked),
        "a save of one résumé sent another person's page back to the database"
    );
    assert!(
        !site_cache::unchanged_since(&ada_name.to_uppercase(), checked),
        "any case"
    );

    // A new username: the old address and the new one both change.
    let checked = site_cache::generation();
    let renamed = support::username("lovelace");
    store.set_username(&ada, &renamed).await.unwrap();
    assert!(!site_cache::unchanged_since(&ada_name, checked));
    assert!(!site_cache::unchanged_since(&renamed, checked));
    assert!(site_cache::unchanged_since(&bob_name, checked));

    // Deleting a person changes their page (it must 404 at once).
    let checked = site_cache::generation();
    store.delete_user(&bob).await.unwrap();
    assert!(!site_cache::unchanged_since(&bob_name, checked));
    assert!(site_cache::unchanged_since(&renamed, checked));

    // A failed write may still have committed: every page is checked again.
    let checked = site_cache::generation();
    assert!(store.set_live("user_nobody", true).await.is_err());
    assert!(!site_cache::unchanged_since(&renamed, checked));
}

#[tokio::test]
async fn a_notification_naming_a_person_marks_only_their_page() {
    let _serial = SERIAL.lock().await;
    let this = support::postgres().await;
    let other = support::connect(&this.url, &[]).await;
    tokio::spawn(site_cache::listen(this.pg_pool().clone()));
    wait_for_change(site_cache::generation(), "the listener starts").await;

    let before = site_cache::generation();
    notify(&other, "ada-from-elsewhere").await;
    wait_for_change(before, "a notification arrives").await;
    assert!(!site_cache::unchanged_since("ada-from-elsewhere", before));
    assert!(site_cache::unchanged_since("bob-untouched", before));
}
