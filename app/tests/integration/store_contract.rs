//! The contract the store ([`app::server::store::Stores`]) meets on every database, run against
//! SQLite (a temp file) and Postgres (a fresh database on a real server: see
//! `support/postgres.rs`). Each test is written once, below, and instantiated for both databases
//! by `contract_tests!` at the end.

use crate::support;
use std::time::Duration;

use std::net::IpAddr;

use app::server::{
    auth::rate_limit::{LoginRateLimiter, Throttle, MAX_FAILURES},
    counters::Counters,
    db::Database,
    store::{NewUser, StoreError, Stores},
};
use app::site::SiteStyle;
use resume::Resume;
use serde_json::json;

type Db = Stores;

/// Creates a person with a fresh subject and a fresh username starting with `hint`; returns both.
async fn someone(store: &Db, hint: &str) -> (String, String) {
    let (subject, name) = (support::subject(), support::username(hint));
    store
        .people
        .create_user(new_user(&subject, &name))
        .await
        .unwrap();
    (subject, name)
}

fn new_user<'a>(subject: &'a str, username: &'a str) -> NewUser<'a> {
    NewUser {
        subject,
        username,
        email: "someone@example.com",
    }
}

async fn a_new_user_starts_unpublished_in_the_simple_style_without_a_resume(store: Db) {
    let (subject, name) = (support::subject(), support::username("ana"));
    let row = store
        .people
        .create_user(NewUser {
            subject: &subject,
            username: &name,
            email: "ana@example.com",
        })
        .await
        .unwrap();
    assert_eq!(row.subject, subject);
    assert_eq!(row.username, name);
    assert_eq!(row.email, "ana@example.com");
    assert_eq!(row.resume, Ok(None));
    assert!(!row.is_live);
    assert_eq!(row.style, SiteStyle::Simple);
    assert_eq!(row.created_at, row.updated_at);
    assert_eq!(
        store.people.find_by_subject(&subject).await.unwrap(),
        Some(row)
    );
}

async fn a_subject_without_a_row_is_found_as_nothing(store: Db) {
    assert_eq!(
        store
            .people
            .find_by_subject(&support::subject())
            .await
            .unwrap(),
        None
    );
}

async fn creating_a_user_again_returns_the_first_row_unchanged(store: Db) {
    let subject = support::subject();
    let first = store
        .people
        .create_user(new_user(&subject, &support::username("first")))
        .await
        .unwrap();
    // The second call names another username: the existing row wins, nothing is renamed.
    let again = store
        .people
        .create_user(new_user(&subject, &support::username("second")))
        .await
        .unwrap();
    assert_eq!(again, first);
}

async fn twenty_first_requests_at_once_for_one_subject_make_exactly_one_row(store: Db) {
    let subject = support::subject();
    let name = support::username("race");
    let tasks: Vec<_> = (0..20)
        .map(|_| {
            let (store, subject, name) = (store.clone(), subject.clone(), name.clone());
            tokio::spawn(async move { store.people.create_user(new_user(&subject, &name)).await })
        })
        .collect();
    let mut ids = Vec::new();
    for task in tasks {
        let row = task.await.unwrap().expect("every racer gets the row");
        ids.push(row.id);
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "all twenty calls return the same row");
    let rows = store.admin.admin_list_users().await.unwrap();
    assert_eq!(rows.iter().filter(|r| r.username == name).count(), 1);
}

async fn a_username_someone_else_holds_cannot_be_taken_at_creation(store: Db) {
    let name = support::username("taken");
    store
        .people
        .create_user(new_user(&support::subject(), &name))
        .await
        .unwrap();
    let late = support::subject();
    let error = store
        .people
        .create_user(new_user(&late, &name.to_uppercase()))
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::UsernameTaken), "got {error:?}");
    assert_eq!(store.people.find_by_subject(&late).await.unwrap(), None);
}

async fn two_people_claiming_one_username_at_once_one_wins_and_the_other_is_told_it_is_taken(
    store: Db,
) {
    let (a, b) = (support::subject(), support::subject());
    store
        .people
        .create_user(new_user(&a, &support::username("a")))
        .await
        .unwrap();
    store
        .people
        .create_user(new_user(&b, &support::username("b")))
        .await
        .unwrap();
    let wanted = support::username("wanted");
    let claim = |subject: String| {
        let (store, wanted) = (store.clone(), wanted.clone());
        tokio::spawn(async move { store.people.set_username(&subject, &wanted).await })
    };
    let (ra, rb) = (claim(a.clone()), claim(b.clone()));
    let results = [ra.await.unwrap(), rb.await.unwrap()];
    let winners: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert_eq!(winners.len(), 1, "exactly one claim succeeds: {results:?}");
    assert_eq!(winners[0].username, wanted);
    let loser = results.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert!(matches!(loser, StoreError::UsernameTaken), "got {loser:?}");
}

async fn a_username_differing_only_in_case_is_taken(store: Db) {
    let (a, b) = (support::subject(), support::subject());
    let name = support::username("case");
    store.people.create_user(new_user(&a, &name)).await.unwrap();
    store
        .people
        .create_user(new_user(&b, &support::username("other")))
        .await
        .unwrap();
    let error = store
        .people
        .set_username(&b, &name.to_uppercase())
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::UsernameTaken), "got {error:?}");
}

async fn usernames_are_stored_in_lower_case(store: Db) {
    let subject = support::subject();
    let name = support::username("mixed");
    let row = store
        .people
        .create_user(new_user(&subject, &name.to_uppercase()))
        .await
        .unwrap();
    assert_eq!(row.username, name);
    let renamed = store
        .people
        .set_username(&subject, &format!("{}X", name.to_uppercase()))
        .await
        .unwrap();
    assert_eq!(renamed.username, format!("{name}x"));
}

async fn the_wrkks_sample_resume_is_stored_and_read_back_unchanged(store: Db) {
    let (subject, _) = someone(&store, "sample").await;
    let sample = support::sample_resume();
    let written = store.people.update_resume(&subject, &sample).await.unwrap();
    assert_eq!(written.resume.as_ref(), Ok(&Some(sample.clone())));
    let read = store
        .people
        .find_by_subject(&subject)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(read.resume, Ok(Some(sample)));
}

async fn unknown_keys_in_the_stored_resume_survive_a_read_modify_write(store: Db) {
    let (subject, _) = someone(&store, "unknown").await;
    // A newer Wrkks (or a hand edit) wrote keys this version does not know, at every level.
    let mut stored = support::sample_json();
    stored["futureTopLevel"] = json!({ "nested": [1, 2, 3] });
    stored["personalInfo"]["pronouns"] = json!("she/her");
    stored["experience"][0]["teamSize"] = json!(7);
    store
        .people
        .update_resume(&subject, &support::resume(stored.clone()))
        .await
        .unwrap();

    // Read, change one known field, write back.
    let mut resume = store
        .people
        .find_by_subject(&subject)
        .await
        .unwrap()
        .unwrap()
        .resume
        .unwrap()
        .unwrap();
    resume.summary = "Changed.".into();
    store.people.update_resume(&subject, &resume).await.unwrap();

    let after = store
        .people
        .find_by_subject(&subject)
        .await
        .unwrap()
        .unwrap()
        .resume
        .unwrap()
        .unwrap();
    assert_eq!(
        after.extra["futureTopLevel"],
        json!({ "nested": [1, 2, 3] })
    );
    assert_eq!(after.personal_info.extra["pronouns"], json!("she/her"));
    assert_eq!(after.experience[0].extra["teamSize"], json!(7));
    assert_eq!(after.summary, "Changed.");
    stored["summary"] = json!("Changed.");
    assert_eq!(after, support::resume(stored), "nothing else changed");
}

async fn every_change_moves_updated_at_forward(store: Db) {
    let subject = support::subject();
    let created = store
        .people
        .create_user(new_user(&subject, &support::username("time")))
        .await
        .unwrap();
    let mut last = created.updated_at;
    for step in 0..5 {
        tokio::time::sleep(Duration::from_millis(5)).await;
        let row = match step {
            0 => {
                store
                    .people
                    .update_resume(&subject, &Resume::default())
                    .await
            }
            1 => store.people.set_style(&subject, SiteStyle::Bento).await,
            2 => store.people.set_live(&subject, true).await,
            3 => store.people.set_email(&subject, "new@example.com").await,
            _ => {
                store
                    .people
                    .set_username(&subject, &support::username("t"))
                    .await
            }
        }
        .unwrap();
        assert!(row.updated_at > last, "step {step} did not move updated_at");
        assert_eq!(row.created_at, created.created_at);
        last = row.updated_at;
    }
}

async fn style_live_and_email_changes_are_kept(store: Db) {
    let (subject, _) = someone(&store, "set").await;
    store
        .people
        .set_style(&subject, SiteStyle::Bento)
        .await
        .unwrap();
    store.people.set_live(&subject, true).await.unwrap();
    store
        .people
        .set_email(&subject, "moved@example.com")
        .await
        .unwrap();
    let row = store
        .people
        .find_by_subject(&subject)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.style, SiteStyle::Bento);
    assert!(row.is_live);
    assert_eq!(row.email, "moved@example.com");
}

async fn changes_to_a_subject_without_a_row_are_not_found(store: Db) {
    let nobody = support::subject();
    let results = [
        store
            .people
            .update_resume(&nobody, &Resume::default())
            .await
            .map(drop),
        store
            .people
            .set_username(&nobody, "nobody-here")
            .await
            .map(drop),
        store
            .people
            .set_email(&nobody, "x@example.com")
            .await
            .map(drop),
        store
            .people
            .set_style(&nobody, SiteStyle::Bento)
            .await
            .map(drop),
        store.people.set_live(&nobody, true).await.map(drop),
        store.people.delete_user(&nobody).await,
    ];
    for (i, result) in results.into_iter().enumerate() {
        assert!(
            matches!(result, Err(StoreError::NotFound)),
            "call {i}: {result:?}"
        );
    }
}

async fn a_public_read_finds_only_live_sites_that_have_a_resume(store: Db) {
    let (subject, name) = someone(&store, "pub").await;
    assert_eq!(
        store.people.find_live_by_username(&name).await.unwrap(),
        None
    );

    store.people.set_live(&subject, true).await.unwrap();
    assert_eq!(
        store.people.find_live_by_username(&name).await.unwrap(),
        None,
        "live without a résumé has nothing to show"
    );

    let sample = support::sample_resume();
    store.people.update_resume(&subject, &sample).await.unwrap();
    let row = store
        .people
        .set_style(&subject, SiteStyle::Bento)
        .await
        .unwrap();
    let site = store
        .people
        .find_live_by_username(&name)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(site.username, name);
    assert_eq!(site.resume, sample);
    assert_eq!(site.style, SiteStyle::Bento);
    assert_eq!(site.updated_at, row.updated_at);

    let unpublished = store.people.set_live(&subject, false).await.unwrap();
    assert_eq!(
        store.people.find_live_by_username(&name).await.unwrap(),
        None
    );
    assert_eq!(
        unpublished.resume,
        Ok(Some(sample)),
        "unpublishing keeps the résumé"
    );
}

async fn a_public_read_ignores_case_and_returns_the_stored_username(store: Db) {
    let (subject, name) = someone(&store, "case").await;
    store
        .people
        .update_resume(&subject, &Resume::default())
        .await
        .unwrap();
    store.people.set_live(&subject, true).await.unwrap();
    let site = store
        .people
        .find_live_by_username(&name.to_uppercase())
        .await
        .unwrap()
        .expect("found without regard to case");
    assert_eq!(site.username, name, "the canonical name, to redirect to");
}

async fn deleting_a_user_removes_the_row_and_frees_the_username(store: Db) {
    let (subject, name) = someone(&store, "gone").await;
    store.people.delete_user(&subject).await.unwrap();
    assert_eq!(store.people.find_by_subject(&subject).await.unwrap(), None);
    assert!(matches!(
        store.people.delete_user(&subject).await,
        Err(StoreError::NotFound)
    ));
    store
        .people
        .create_user(new_user(&support::subject(), &name))
        .await
        .expect("the username is free again");
}

async fn clearing_the_resume_unpublishes_the_site_and_keeps_the_row(store: Db) {
    let (subject, name) = someone(&store, "clear").await;
    store
        .people
        .update_resume(
            &subject,
            &support::resume(json!({"personalInfo": {"name": "Ada"}})),
        )
        .await
        .unwrap();
    store
        .people
        .set_style(&subject, SiteStyle::Bento)
        .await
        .unwrap();
    store.people.set_live(&subject, true).await.unwrap();
    assert!(store
        .people
        .find_live_by_username(&name)
        .await
        .unwrap()
        .is_some());

    let row = store.people.clear_resume(&subject).await.unwrap();
    assert_eq!(
        row.resume,
        Ok(None),
        "the résumé is gone, not stored as JSON null"
    );
    assert!(!row.is_live, "a site without a résumé is not live");
    assert_eq!(row.username, name, "the username is kept");
    assert_eq!(row.style, SiteStyle::Bento, "the style is kept");
    assert_eq!(
        store.people.find_live_by_username(&name).await.unwrap(),
        None
    );
    assert_eq!(
        store.people.find_by_subject(&subject).await.unwrap(),
        Some(row)
    );
    assert!(matches!(
        store.people.clear_resume("user_nobody").await,
        Err(StoreError::NotFound)
    ));
}

async fn deleting_an_account_ends_its_sessions_and_frees_its_email(store: Db) {
    let email = format!("{}@example.com", support::username("del"));
    let account = store.accounts.create_account(&email, "hash").await.unwrap();
    let other = store
        .accounts
        .create_account(&format!("{}@example.com", support::username("del")), "x")
        .await
        .unwrap();
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let (mine, theirs) = (support::username("t"), support::username("t"));
    store
        .accounts
        .create_session(&mine, &account.subject, later)
        .await
        .unwrap();
    store
        .accounts
        .create_session(&theirs, &other.subject, later)
        .await
        .unwrap();

    assert!(store
        .accounts
        .delete_account(&account.subject)
        .await
        .unwrap());
    assert_eq!(store.accounts.find_session(&mine).await.unwrap(), None);
    assert_eq!(
        store.accounts.find_account_by_email(&email).await.unwrap(),
        None
    );
    assert!(
        store
            .accounts
            .find_session(&theirs)
            .await
            .unwrap()
            .is_some(),
        "another account keeps its session"
    );
    assert!(
        !store
            .accounts
            .delete_account(&account.subject)
            .await
            .unwrap(),
        "deleting it again reports there was nothing"
    );
    store
        .accounts
        .create_account(&email, "again")
        .await
        .expect("the address can sign up again");
}

async fn operators_list_show_and_delete_users_by_username(store: Db) {
    let subject = support::subject();
    let name = support::username("op");
    store
        .people
        .create_user(NewUser {
            subject: &subject,
            username: &name,
            email: "op@example.com",
        })
        .await
        .unwrap();
    store
        .people
        .update_resume(&subject, &support::resume(json!({"summary": "s"})))
        .await
        .unwrap();

    let listed = store.admin.admin_list_users().await.unwrap();
    let mine = listed.iter().find(|u| u.username == name).unwrap();
    assert_eq!(mine.email, "op@example.com");
    assert!(!mine.is_live);

    let shown = store
        .admin
        .admin_find_by_username(&name.to_uppercase())
        .await
        .unwrap()
        .expect("operators find unpublished rows too");
    assert_eq!(shown.subject, subject);
    assert_eq!(
        shown.resume,
        Ok(Some(support::resume(json!({"summary": "s"}))))
    );

    assert!(store.admin.admin_delete_by_username(&name).await.unwrap());
    assert!(!store.admin.admin_delete_by_username(&name).await.unwrap());
    assert_eq!(store.people.find_by_subject(&subject).await.unwrap(), None);
}

async fn an_account_gets_a_local_subject_and_an_email_signs_up_only_once_whatever_its_case(
    store: Db,
) {
    let email = format!("{}@Example.com", support::username("acc"));
    let account = store
        .accounts
        .create_account(&email, "$argon2id$v=19$hash")
        .await
        .unwrap();
    assert!(account.subject.starts_with("local_"), "{}", account.subject);
    assert_eq!(account.email, email);
    assert_eq!(account.password_hash.expose(), "$argon2id$v=19$hash");
    assert!(
        !format!("{account:?}").contains("argon2id"),
        "the hash prints redacted"
    );

    let again = store
        .accounts
        .create_account(&email.to_lowercase(), "other")
        .await
        .unwrap_err();
    assert!(matches!(again, StoreError::EmailTaken), "got {again:?}");
    let found = store
        .accounts
        .find_account_by_email(&email.to_uppercase())
        .await
        .unwrap()
        .expect("found without regard to case");
    assert_eq!(found, account);
}

async fn a_session_is_found_until_it_expires_or_is_ended(store: Db) {
    let account = store
        .accounts
        .create_account(&format!("{}@example.com", support::username("s")), "h")
        .await
        .unwrap();
    let now = chrono::Utc::now();
    let live = support::username("token-live");
    let expired = support::username("token-old");
    let session = store
        .accounts
        .create_session(&live, &account.subject, now + chrono::Duration::hours(1))
        .await
        .unwrap();
    store
        .accounts
        .create_session(
            &expired,
            &account.subject,
            now - chrono::Duration::seconds(1),
        )
        .await
        .unwrap();

    let found = store.accounts.find_session(&live).await.unwrap().unwrap();
    assert_eq!(found.subject, account.subject);
    assert_eq!(
        found.expires_at.timestamp_millis(),
        session.expires_at.timestamp_millis()
    );
    assert_eq!(store.accounts.find_session(&expired).await.unwrap(), None);
    assert_eq!(
        store.accounts.find_session("no-such-token").await.unwrap(),
        None
    );

    assert_eq!(store.accounts.delete_expired_sessions().await.unwrap(), 1);
    assert!(store.accounts.find_session(&live).await.unwrap().is_some());
    store.accounts.delete_session(&live).await.unwrap();
    assert_eq!(store.accounts.find_session(&live).await.unwrap(), None);
    store
        .accounts
        .delete_session(&live)
        .await
        .expect("ending it twice is fine");
}

async fn changing_the_password_ends_every_session_of_the_account(store: Db) {
    let email = format!("{}@example.com", support::username("pw"));
    let account = store.accounts.create_account(&email, "old").await.unwrap();
    let other = store
        .accounts
        .create_account(&format!("{}@example.com", support::username("pw")), "x")
        .await
        .unwrap();
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let (mine, theirs) = (support::username("t"), support::username("t"));
    store
        .accounts
        .create_session(&mine, &account.subject, later)
        .await
        .unwrap();
    store
        .accounts
        .create_session(&theirs, &other.subject, later)
        .await
        .unwrap();

    store
        .accounts
        .set_password_hash(&account.subject, "new")
        .await
        .unwrap();
    assert_eq!(store.accounts.find_session(&mine).await.unwrap(), None);
    assert!(
        store
            .accounts
            .find_session(&theirs)
            .await
            .unwrap()
            .is_some(),
        "others keep theirs"
    );
    let reread = store
        .accounts
        .find_account_by_email(&email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(reread.password_hash.expose(), "new");
    assert!(matches!(
        store.accounts.set_password_hash("local_nobody", "x").await,
        Err(StoreError::NotFound)
    ));
}

async fn a_closed_database_is_reported_as_unavailable_not_as_a_bug(store: Db, db: Database) {
    db.close().await;
    let error = store
        .people
        .find_by_subject(&support::subject())
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Unavailable(_)), "got {error:?}");
    let error = store
        .people
        .find_live_by_username("anyone")
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Unavailable(_)), "got {error:?}");
}

/// Runs one statement as the connecting role, as a hand edit or another app would.
async fn raw(db: &Database, sql: &str) {
    match db {
        Database::Postgres(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
        Database::Sqlite(pool) => sqlx::raw_sql(sql).execute(pool).await.map(drop),
    }
    .unwrap();
}

/// The `resume` column as stored (JSON text), read as the connecting role.
async fn raw_resume(db: &Database, subject: &str) -> Option<String> {
    let sql = "select cast(resume as text) from users where clerk_user_id = $1";
    match db {
        Database::Postgres(pool) => {
            let mut tx = pool.begin().await.unwrap();
            let stored = sqlx::query_scalar(sql)
                .persistent(false)
                .bind(subject)
                .fetch_one(&mut *tx)
                .await;
            tx.commit().await.unwrap();
            stored
        }
        Database::Sqlite(pool) => sqlx::query_scalar(sql).bind(subject).fetch_one(pool).await,
    }
    .unwrap()
}

async fn an_accent_is_kept_shown_to_visitors_and_an_unknown_one_reads_as_the_default(
    store: Db,
    db: Database,
) {
    use app::site::accent::Accent;
    let (subject, name) = someone(&store, "accent").await;
    let fresh = store
        .people
        .find_by_subject(&subject)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fresh.accent, Accent::default(), "a new row has the default");
    let row = store
        .people
        .set_accent(&subject, Accent::Rose)
        .await
        .unwrap();
    assert_eq!(row.accent, Accent::Rose);
    assert!(
        row.updated_at > fresh.updated_at,
        "a change moves updated_at"
    );
    store
        .people
        .update_resume(&subject, &support::sample_resume())
        .await
        .unwrap();
    store.people.set_live(&subject, true).await.unwrap();
    let site = store
        .people
        .find_live_by_username(&name)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(site.accent, Accent::Rose, "a visitor's read has it");

    // A value this version does not know (a newer deployment's, or one written by hand).
    raw(
        &db,
        &format!("update users set accent = 'ultraviolet' where clerk_user_id = '{subject}'"),
    )
    .await;
    let row = store
        .people
        .find_by_subject(&subject)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.accent, Accent::default());
}

async fn a_photo_is_read_by_its_id_replaced_whole_and_goes_with_its_person(store: Db) {
    let (ada, _) = someone(&store, "photo-a").await;
    let (bo, _) = someone(&store, "photo-b").await;
    let first = "0123456789abcdef0123456789abcdef";
    let second = "fedcba9876543210fedcba9876543210";
    store
        .people
        .set_photo(&ada, first, b"jpeg one")
        .await
        .unwrap();
    assert_eq!(
        store.people.find_photo(first).await.unwrap().as_deref(),
        Some(&b"jpeg one"[..]),
        "a visitor reads it by its id"
    );
    store
        .people
        .set_photo(&ada, second, b"jpeg two")
        .await
        .unwrap();
    assert_eq!(
        store.people.find_photo(first).await.unwrap(),
        None,
        "replaced whole"
    );
    assert!(
        !store.people.delete_photo(&bo).await.unwrap(),
        "someone else's delete reaches nothing"
    );
    assert!(store.people.find_photo(second).await.unwrap().is_some());
    store.people.delete_user(&ada).await.unwrap();
    assert_eq!(
        store.people.find_photo(second).await.unwrap(),
        None,
        "it goes with the row"
    );
    store.people.set_photo(&bo, second, b"bo's").await.unwrap();
    assert!(store.people.delete_photo(&bo).await.unwrap());
    assert_eq!(store.people.find_photo(second).await.unwrap(), None);
}

/// The photo's URL is written alone, so a save that landed while the photo was being processed
/// (after the upload's request had read the row) is kept.
async fn the_photo_url_is_written_without_touching_the_rest_of_the_saved_resume(store: Db) {
    let (subject, _) = someone(&store, "photo-url").await;
    let first = "https://vitae.example/photos/first.jpg";
    let second = "https://vitae.example/photos/second.jpg";

    // Nothing saved yet: a blank résumé carrying the photo.
    let row = store.people.set_image_url(&subject, first).await.unwrap();
    let mut blank = Resume::default();
    blank.personal_info.image_url = first.into();
    assert_eq!(row.resume, Ok(Some(blank)));

    // A save lands (keys this version does not know included), then the photo's URL.
    let mut saved = support::sample_json();
    saved["summary"] = json!("Saved while the photo was processed.");
    saved["personalInfo"]["pronouns"] = json!("she/her");
    saved["futureTopLevel"] = json!({ "nested": [1, 2, 3] });
    store
        .people
        .update_resume(&subject, &support::resume(saved.clone()))
        .await
        .unwrap();
    let row = store.people.set_image_url(&subject, second).await.unwrap();
    saved["personalInfo"]["imageUrl"] = json!(second);
    assert_eq!(row.resume, Ok(Some(support::resume(saved.clone()))));

    // Removing a photo the résumé no longer points at changes nothing.
    let untouched = store.people.clear_image_url(&subject, first).await.unwrap();
    assert_eq!(untouched, None);
    let read = store.people.find_by_subject(&subject).await.unwrap();
    assert_eq!(
        read.unwrap().resume,
        Ok(Some(support::resume(saved.clone())))
    );

    // Removing the one it points at empties the URL and nothing else.
    let cleared = store
        .people
        .clear_image_url(&subject, second)
        .await
        .unwrap()
        .expect("the row, changed");
    saved["personalInfo"]["imageUrl"] = json!("");
    assert_eq!(cleared.resume, Ok(Some(support::resume(saved))));

    // Someone with no résumé, and no one at all.
    let (other, _) = someone(&store, "photo-none").await;
    assert_eq!(
        store.people.clear_image_url(&other, first).await.unwrap(),
        None
    );
    let nobody = store.people.set_image_url(&support::subject(), first).await;
    assert!(matches!(nobody, Err(StoreError::NotFound)), "{nobody:?}");
}

/// What Vitae never writes but another app or a hand edit may: JSON null is no résumé, and a
/// `personalInfo` that is not an object is started afresh.
async fn the_photo_url_is_written_into_odd_stored_resumes_sensibly(store: Db, db: Database) {
    let (subject, _) = someone(&store, "photo-odd").await;
    let url = "https://vitae.example/photos/odd.jpg";
    raw(
        &db,
        &format!("update users set resume = 'null' where clerk_user_id = '{subject}'"),
    )
    .await;
    let row = store.people.set_image_url(&subject, url).await.unwrap();
    let mut blank = Resume::default();
    blank.personal_info.image_url = url.into();
    assert_eq!(row.resume, Ok(Some(blank)));

    raw(
        &db,
        &format!(
            "update users set resume = '{{\"personalInfo\": \"odd\", \"summary\": \"Kept.\"}}' \
             where clerk_user_id = '{subject}'"
        ),
    )
    .await;
    store.people.set_image_url(&subject, url).await.unwrap();
    let stored: serde_json::Value =
        serde_json::from_str(&raw_resume(&db, &subject).await.unwrap()).unwrap();
    assert_eq!(
        stored,
        json!({ "personalInfo": { "imageUrl": url }, "summary": "Kept." })
    );
}

async fn a_stored_resume_that_does_not_read_is_kept_and_never_shown_as_empty(
    store: Db,
    db: Database,
) {
    let (subject, name) = someone(&store, "unreadable").await;
    store.people.set_live(&subject, true).await.unwrap();
    // JSON, but not a résumé: the one kind of value the tolerant reader refuses.
    raw(
        &db,
        &format!("update users set resume = '\"not a résumé\"' where clerk_user_id = '{subject}'"),
    )
    .await;

    let row = store
        .people
        .find_by_subject(&subject)
        .await
        .unwrap()
        .expect("the row still reads");
    let unreadable = row.resume.expect_err("not shown as a résumé");
    assert_eq!(
        unreadable.stored, "\"not a résumé\"",
        "kept as stored, for the operator"
    );
    let shown = store
        .admin
        .admin_find_by_username(&name)
        .await
        .unwrap()
        .unwrap();
    assert!(
        shown.resume.is_err(),
        "the operator sees it as unreadable too"
    );
    let public = store.people.find_live_by_username(&name).await;
    assert!(
        matches!(public, Err(StoreError::Unreadable(_))),
        "the public page is not an empty résumé: {public:?}"
    );

    // Other changes to the row leave it as it is.
    let styled = store
        .people
        .set_style(&subject, SiteStyle::Bento)
        .await
        .unwrap();
    assert!(styled.resume.is_err());
    let photo = "https://vitae.example/photos/x.jpg";
    let pointed = store.people.set_image_url(&subject, photo).await.unwrap();
    assert!(pointed.resume.is_err());
    assert_eq!(
        store.people.clear_image_url(&subject, photo).await.unwrap(),
        None
    );
    assert_eq!(
        raw_resume(&db, &subject).await.as_deref(),
        Some("\"not a résumé\""),
        "only the person's own save or delete replaces it"
    );

    // The person acting: deleting it stores SQL null (not JSON null), and the row reads again.
    let cleared = store.people.clear_resume(&subject).await.unwrap();
    assert_eq!(cleared.resume, Ok(None));
    assert_eq!(
        raw_resume(&db, &subject).await,
        None,
        "SQL null, not JSON null"
    );
}

/// Instantiates every contract test for each database: `sqlite::name`, `postgres::name`, and
/// `pgbouncer::name` (Postgres through a transaction-mode pooler, as behind Supavisor).
/// Store tests get the store; counter tests get two `Counters` on two pools of one database, as
/// two instances would have.
macro_rules! contract_tests {
    (
        stores: [$($name:ident),* $(,)?],
        with_sql: [$($raw:ident),* $(,)?],
        counters: [$($counter:ident),* $(,)?] $(,)?
    ) => {
        contract_tests!(@db sqlite, [$($name),*], [$($raw),*], [$($counter),*]);
        contract_tests!(@db postgres, [$($name),*], [$($raw),*], [$($counter),*]);
        contract_tests!(@db pgbouncer, [$($name),*], [$($raw),*], [$($counter),*]);
    };
    (@db $db:ident, [$($name:ident),*], [$($raw:ident),*], [$($counter:ident),*]) => {
        mod $db {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    let db = crate::support::$db().await;
                    super::$name(db.store()).await;
                }
            )*
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $counter() {
                    let db = crate::support::$db().await;
                    let other = crate::support::connect(
                        &db.url,
                        &[
                            ("DATABASE_POOL_MODE", db.pool_mode.as_str()),
                            ("AUTO_MIGRATE", "false"),
                            ("DATABASE_MAX_CONNECTIONS", "24"),
                        ],
                    )
                    .await;
                    super::$counter(
                        super::Counters::new(&db.db, db.pool_mode),
                        super::Counters::new(&other, db.pool_mode),
                    )
                    .await;
                }
            )*
            $(
                #[tokio::test]
                async fn $raw() {
                    let db = crate::support::$db().await;
                    super::$raw(db.store(), db.db.clone()).await;
                }
            )*
        }
    };
}

// Limits counted in the database (moved here from in-memory unit tests when the counts moved to
// the database): the same allowances, now across instances.

async fn a_throttle_allows_its_allowance_per_key_then_refuses(counters: Counters, _: Counters) {
    let throttle = Throttle::new("test", 3, Duration::from_secs(60), counters.clone());
    for _ in 0..3 {
        assert!(throttle.hit("a").await.unwrap());
    }
    assert!(
        !throttle.hit("a").await.unwrap(),
        "the fourth in the window is refused"
    );
    assert!(!throttle.allows("a").await.unwrap());
    assert!(
        throttle.hit("b").await.unwrap(),
        "another key has its own allowance"
    );
    let other_kind = Throttle::new("other", 3, Duration::from_secs(60), counters.clone());
    assert!(
        other_kind.hit("a").await.unwrap(),
        "another kind of limit counts apart"
    );
    let short = Throttle::new("short", 1, Duration::from_millis(1), counters);
    assert!(short.hit("a").await.unwrap());
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert!(short.hit("a").await.unwrap(), "a new window starts afresh");
}

async fn the_eleventh_attempt_in_a_window_is_refused_per_email_and_per_address(
    counters: Counters,
    _: Counters,
) {
    let limiter = LoginRateLimiter::new(counters);
    let ip: IpAddr = "192.0.2.1".parse().unwrap();
    for _ in 0..MAX_FAILURES {
        assert!(limiter
            .try_attempt(Some("ana@x.org"), Some(ip))
            .await
            .unwrap());
    }
    assert!(
        !limiter.try_attempt(Some("ana@x.org"), None).await.unwrap(),
        "per email"
    );
    assert!(
        !limiter
            .try_attempt(Some("bo@x.org"), Some(ip))
            .await
            .unwrap(),
        "per address"
    );
    assert!(limiter
        .try_attempt(Some("bo@x.org"), Some("192.0.2.2".parse().unwrap()))
        .await
        .unwrap());
}

async fn concurrent_attempts_on_two_instances_are_counted_before_any_is_checked(
    one: Counters,
    two: Counters,
) {
    let (one, two) = (LoginRateLimiter::new(one), LoginRateLimiter::new(two));
    let tasks: Vec<_> = (0..30)
        .map(|i| {
            // Round robin over two instances, as behind a load balancer.
            let limiter = if i % 2 == 0 { one.clone() } else { two.clone() };
            tokio::spawn(async move { limiter.try_attempt(Some("ana@x.org"), None).await.unwrap() })
        })
        .collect();
    let mut allowed = 0;
    for task in tasks {
        allowed += u32::from(task.await.unwrap());
    }
    assert_eq!(
        allowed, MAX_FAILURES,
        "30 at once over two instances: exactly one allowance passes"
    );
}

async fn a_success_clears_the_email_but_not_the_addresses_earlier_failures(
    counters: Counters,
    _: Counters,
) {
    let limiter = LoginRateLimiter::new(counters);
    let ip: IpAddr = "192.0.2.1".parse().unwrap();
    for _ in 0..MAX_FAILURES - 1 {
        assert!(limiter
            .try_attempt(Some("ana@x.org"), Some(ip))
            .await
            .unwrap());
    }
    assert!(limiter
        .try_attempt(Some("ana@x.org"), Some(ip))
        .await
        .unwrap());
    limiter.record_success("ana@x.org", Some(ip)).await.unwrap();
    assert!(
        limiter.try_attempt(Some("ana@x.org"), None).await.unwrap(),
        "the email is clear"
    );
    assert!(
        limiter
            .try_attempt(Some("bo@x.org"), Some(ip))
            .await
            .unwrap(),
        "the success's attempt is given back to the address"
    );
    assert!(
        !limiter
            .try_attempt(Some("bo@x.org"), Some(ip))
            .await
            .unwrap(),
        "but its failures stay: the address is now at its allowance"
    );
}

async fn expired_counters_are_swept_and_live_ones_kept(counters: Counters, other: Counters) {
    let expiring = Throttle::new("expiring", 1, Duration::from_millis(1), counters.clone());
    let lasting = Throttle::new("lasting", 1, Duration::from_secs(60), counters.clone());
    for who in ["a", "b", "c"] {
        assert!(expiring.hit(who).await.unwrap());
    }
    assert!(lasting.hit("a").await.unwrap());
    tokio::time::sleep(Duration::from_millis(5)).await;
    assert_eq!(other.sweep().await.unwrap(), 3, "the three expired rows");
    assert_eq!(counters.sweep().await.unwrap(), 0, "nothing left to sweep");
    assert!(
        !lasting.hit("a").await.unwrap(),
        "a live window survives a sweep"
    );
}

contract_tests!(
    stores: [
    a_new_user_starts_unpublished_in_the_simple_style_without_a_resume,
    a_subject_without_a_row_is_found_as_nothing,
    creating_a_user_again_returns_the_first_row_unchanged,
    twenty_first_requests_at_once_for_one_subject_make_exactly_one_row,
    a_username_someone_else_holds_cannot_be_taken_at_creation,
    two_people_claiming_one_username_at_once_one_wins_and_the_other_is_told_it_is_taken,
    a_username_differing_only_in_case_is_taken,
    usernames_are_stored_in_lower_case,
    the_wrkks_sample_resume_is_stored_and_read_back_unchanged,
    unknown_keys_in_the_stored_resume_survive_a_read_modify_write,
    every_change_moves_updated_at_forward,
    style_live_and_email_changes_are_kept,
    changes_to_a_subject_without_a_row_are_not_found,
    a_public_read_finds_only_live_sites_that_have_a_resume,
    a_public_read_ignores_case_and_returns_the_stored_username,
    deleting_a_user_removes_the_row_and_frees_the_username,
    clearing_the_resume_unpublishes_the_site_and_keeps_the_row,
    deleting_an_account_ends_its_sessions_and_frees_its_email,
    operators_list_show_and_delete_users_by_username,
    an_account_gets_a_local_subject_and_an_email_signs_up_only_once_whatever_its_case,
    a_session_is_found_until_it_expires_or_is_ended,
    changing_the_password_ends_every_session_of_the_account,
    a_photo_is_read_by_its_id_replaced_whole_and_goes_with_its_person,
    the_photo_url_is_written_without_touching_the_rest_of_the_saved_resume,
    ],
    // Tests that also reach the database by hand (SQL a store method would never write).
    with_sql: [
        a_stored_resume_that_does_not_read_is_kept_and_never_shown_as_empty,
        an_accent_is_kept_shown_to_visitors_and_an_unknown_one_reads_as_the_default,
        a_closed_database_is_reported_as_unavailable_not_as_a_bug,
        the_photo_url_is_written_into_odd_stored_resumes_sensibly,
    ],
    counters: [
        a_throttle_allows_its_allowance_per_key_then_refuses,
        the_eleventh_attempt_in_a_window_is_refused_per_email_and_per_address,
        concurrent_attempts_on_two_instances_are_counted_before_any_is_checked,
        a_success_clears_the_email_but_not_the_addresses_earlier_failures,
        expired_counters_are_swept_and_live_ones_kept,
    ],
);
