//! Cached public pages across instances: a change anywhere (a write through another instance's
//! store, SQL typed by hand) reaches this instance's marks through the `users` trigger's NOTIFY;
//! and while nothing is heard, the instance knows it is not listening.

use crate::support;
use std::{sync::Arc, time::Duration};

use app::server::site_cache::{self, SiteMarks};

/// Each test has its own marks: no test sees another's.
fn marks() -> Arc<SiteMarks> {
    Arc::new(SiteMarks::default())
}

#[tokio::test]
async fn a_write_on_another_instance_invalidates_this_instances_pages_through_notify() {
    let this = support::postgres().await;
    let marks = marks();
    // Another instance: its own pool on the same database.
    let other = support::connect(&this.url, &[]).await;
    tokio::spawn(site_cache::listen(this.pg_pool().clone(), marks.clone()));
    // The listener invalidates once when it starts listening; wait for that first.
    wait_for_change(&marks, 0, "the listener starts").await;
    assert!(marks.is_listening());

    let before = marks.generation();
    // Not through this process's marks: a plain NOTIFY, as another process could send it.
    notify(&other, "").await;
    wait_for_change(&marks, before, "a notification arrives").await;
}

/// A notification on the channel: `payload` is the username, or empty for "anything".
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

async fn wait_for_change(marks: &SiteMarks, from: u64, what: &str) {
    for _ in 0..100 {
        if marks.generation() != from {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the generation did not change after {what}");
}

#[tokio::test]
async fn a_write_marks_only_the_page_of_the_person_it_changed() {
    let db = support::sqlite().await;
    let marks = marks();
    let store = app::server::store::from_database(
        &db.db,
        app::server::config::PoolMode::Session,
        marks.clone(),
    );
    let (ada, bob) = (support::subject(), support::subject());
    let (ada_name, bob_name) = (support::username("ada"), support::username("bob"));
    for (subject, username) in [(&ada, &ada_name), (&bob, &bob_name)] {
        store
            .people
            .create_user(app::server::store::NewUser {
                subject,
                username,
                email: &format!("{username}@example.com"),
            })
            .await
            .unwrap();
    }

    let checked = marks.generation();
    store
        .people
        .update_resume(&ada, &support::sample_resume())
        .await
        .unwrap();
    assert!(!marks.unchanged_since(&ada_name, checked));
    assert!(
        marks.unchanged_since(&bob_name, checked),
        "a save of one résumé sent another person's page back to the database"
    );
    assert!(
        !marks.unchanged_since(&ada_name.to_uppercase(), checked),
        "any case"
    );

    // A new username: the old address and the new one both change.
    let checked = marks.generation();
    let renamed = support::username("lovelace");
    store.people.set_username(&ada, &renamed).await.unwrap();
    assert!(!marks.unchanged_since(&ada_name, checked));
    assert!(!marks.unchanged_since(&renamed, checked));
    assert!(marks.unchanged_since(&bob_name, checked));

    // Deleting a person changes their page (it must 404 at once).
    let checked = marks.generation();
    store.people.delete_user(&bob).await.unwrap();
    assert!(!marks.unchanged_since(&bob_name, checked));
    assert!(marks.unchanged_since(&renamed, checked));

    // A failed write may still have committed: every page is checked again.
    let checked = marks.generation();
    assert!(store.people.set_live("user_nobody", true).await.is_err());
    assert!(!marks.unchanged_since(&renamed, checked));

    // Two applications in one process: the other one's marks never moved.
    assert_eq!(
        SiteMarks::default().generation(),
        0,
        "marks are per application"
    );
}

#[tokio::test]
async fn a_notification_naming_a_person_marks_only_their_page() {
    let this = support::postgres().await;
    let marks = marks();
    let other = support::connect(&this.url, &[]).await;
    tokio::spawn(site_cache::listen(this.pg_pool().clone(), marks.clone()));
    wait_for_change(&marks, 0, "the listener starts").await;

    let before = marks.generation();
    notify(&other, "ada-from-elsewhere").await;
    wait_for_change(&marks, before, "a notification arrives").await;
    assert!(!marks.unchanged_since("ada-from-elsewhere", before));
    assert!(marks.unchanged_since("bob-untouched", before));
}

#[tokio::test]
async fn sql_typed_by_hand_is_heard_through_the_trigger_with_old_and_new_usernames() {
    let this = support::postgres().await;
    let marks = marks();
    // Rows made through a store with its own marks: this instance hears only the database.
    let elsewhere = this.store();
    let (ada, bob) = (support::subject(), support::subject());
    let (ada_name, bob_name) = (support::username("ada"), support::username("bob"));
    for (subject, username) in [(&ada, &ada_name), (&bob, &bob_name)] {
        elsewhere
            .people
            .create_user(app::server::store::NewUser {
                subject,
                username,
                email: "x@example.com",
            })
            .await
            .unwrap();
    }
    tokio::spawn(site_cache::listen(this.pg_pool().clone(), marks.clone()));
    wait_for_change(&marks, 0, "the listener starts").await;

    let before = marks.generation();
    let renamed = support::username("lovelace");
    support::postgres::execute(
        &this.url,
        &format!("update public.users set username = '{renamed}', islive = false where username = '{ada_name}'"),
    )
    .await;
    wait_for_change(&marks, before, "an update by hand").await;
    // Both notifications of the statement arrive together; give the second a moment.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!marks.unchanged_since(&ada_name, before), "the old address");
    assert!(!marks.unchanged_since(&renamed, before), "the new address");
    assert!(marks.unchanged_since(&bob_name, before), "nobody else's");

    let before = marks.generation();
    support::postgres::execute(
        &this.url,
        &format!("delete from public.users where username = '{bob_name}'"),
    )
    .await;
    wait_for_change(&marks, before, "a delete by hand").await;
    assert!(!marks.unchanged_since(&bob_name, before));
}

#[tokio::test]
async fn an_instance_knows_when_it_is_not_listening_and_listens_again() {
    let this = support::postgres().await;
    let marks = marks();
    assert!(!marks.is_listening(), "nothing heard before LISTEN");
    tokio::spawn(site_cache::listen(this.pg_pool().clone(), marks.clone()));
    wait_for(|| marks.is_listening(), "the listener starts").await;

    // The listening connection dies (a restart, a network cut, an idle timeout), and the
    // database refuses new connections for a while, so the instance stays deaf until it is back.
    let name = this.url.rsplit('/').next().unwrap().to_string();
    let admin = support::postgres::server().url("postgres");
    support::postgres::execute(
        &admin,
        &format!("alter database {name} allow_connections false"),
    )
    .await;
    support::postgres::execute(
        &admin,
        &format!(
            "select pg_terminate_backend(pid) from pg_stat_activity \
             where datname = '{name}' and query ilike 'listen%'"
        ),
    )
    .await;
    wait_for(|| !marks.is_listening(), "the connection is lost").await;
    let lost_at = marks.generation();
    support::postgres::execute(
        &admin,
        &format!("alter database {name} allow_connections true"),
    )
    .await;
    wait_for(|| marks.is_listening(), "the listener reconnects").await;
    assert!(
        !marks.unchanged_since("anyone", lost_at),
        "whatever changed while nobody listened is checked again"
    );
}

async fn wait_for(condition: impl Fn() -> bool, what: &str) {
    for _ in 0..200 {
        if condition() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting until {what}");
}
