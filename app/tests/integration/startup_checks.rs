//! What an operator sees when the database is not ready: one error that says what to do, at
//! start-up. And `vitae backup` on SQLite.

use crate::support;
use app::server::{
    config::PoolMode,
    db::{BackupError, Database, DbError},
    store::{self, NewUser},
};

async fn connect_error(url: &str) -> DbError {
    match Database::connect(&support::config(url, &[])).await {
        Ok(_) => panic!("connecting to {url} should fail"),
        Err(e) => e,
    }
}

#[tokio::test]
async fn an_unreachable_postgres_fails_saying_to_check_the_host_and_that_the_server_runs() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let error = connect_error(&format!("postgres://vitae:pw@127.0.0.1:{port}/vitae")).await;
    assert!(
        matches!(error, DbError::Unreachable { .. }),
        "got {error:?}"
    );
    let message = error.to_string();
    assert!(message.starts_with("DATABASE_URL:"), "{message}");
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(message.contains("server is running"), "{message}");
}

#[tokio::test]
async fn a_wrong_password_fails_saying_to_copy_the_connection_string_again() {
    let server = support::postgres::server();
    let url = server.url("postgres");
    let user = url::Url::parse(&url).unwrap().username().to_string();
    let error = connect_error(&server.url_as("postgres", &user, "not-the-password")).await;
    assert!(
        matches!(error, DbError::BadCredentials { .. }),
        "got {error:?} (a TEST_DATABASE_URL server must check passwords over TCP)"
    );
    let message = error.to_string();
    assert!(
        message.contains("copy the connection string again"),
        "{message}"
    );
    assert!(
        !message.contains("not-the-password"),
        "the password never prints: {message}"
    );
}

#[tokio::test]
async fn a_database_that_does_not_exist_fails_saying_to_create_it() {
    let server = support::postgres::server();
    let error = connect_error(&server.url("vitae_no_such_database")).await;
    assert!(
        matches!(error, DbError::NoSuchDatabase { .. }),
        "got {error:?}"
    );
    assert!(error.to_string().contains("create it"));
}

async fn assert_schema_missing_then_present(db: Database) {
    let error = db.check_schema().await.unwrap_err();
    assert!(matches!(error, DbError::NoUsersTable), "got {error:?}");
    let message = error.to_string();
    assert!(message.contains("vitae migrate"), "{message}");
    assert!(message.contains("AUTO_MIGRATE=true"), "{message}");
    db.migrate().await.unwrap();
    db.check_schema()
        .await
        .expect("the schema is there after migrating");
}

#[tokio::test]
async fn a_postgres_database_without_the_users_table_fails_the_check_saying_to_run_vitae_migrate() {
    let url = support::postgres::server().fresh_database().await;
    let db = support::connect(&url, &[("AUTO_MIGRATE", "false")]).await;
    assert_schema_missing_then_present(db).await;
}

#[tokio::test]
async fn a_sqlite_database_without_the_users_table_fails_the_check_saying_to_run_vitae_migrate() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("new.db").display());
    let db = support::connect(&url, &[("AUTO_MIGRATE", "false")]).await;
    assert_schema_missing_then_present(db).await;
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout() {
    let test = support::sqlite().await;
    let Database::Sqlite(pool) = &test.db else {
        unreachable!()
    };
    let mode: String = sqlx::query_scalar("pragma journal_mode")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let foreign_keys: i64 = sqlx::query_scalar("pragma foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(foreign_keys, 1);
    let timeout: i64 = sqlx::query_scalar("pragma busy_timeout")
        .fetch_one(pool)
        .await
        .unwrap();
    assert!(timeout >= 1000, "busy timeout {timeout} ms");
    // The foreign key is enforced: a session for an account that does not exist is refused.
    let orphan = sqlx::query(
        "insert into sessions (id, subject, expires_at) values ('h', 'local_x', '2030-01-01T00:00:00Z')",
    )
    .execute(pool)
    .await;
    assert!(orphan.is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_backup_is_a_complete_copy_taken_while_the_app_runs_and_never_overwrites() {
    let test = support::sqlite().await;
    let store = test.store();
    let subject = support::subject();
    store
        .people
        .create_user(NewUser {
            subject: &subject,
            username: "backed-up",
            email: "b@example.com",
        })
        .await
        .unwrap();
    store
        .people
        .update_resume(&subject, &support::sample_resume())
        .await
        .unwrap();

    // The site keeps writing while the copy is taken.
    let writer = {
        let store = store.clone();
        let subject = subject.clone();
        tokio::spawn(async move {
            for i in 0..200 {
                store
                    .people
                    .set_email(&subject, &format!("b{i}@example.com"))
                    .await
                    .unwrap();
            }
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.db");
    test.db.backup(&path).await.expect("the backup is written");
    writer.await.unwrap();

    let copy = support::connect(&format!("sqlite://{}", path.display()), &[]).await;
    copy.check_schema().await.unwrap();
    let Database::Sqlite(copy_pool) = &copy else {
        unreachable!()
    };
    let integrity: String = sqlx::query_scalar("pragma integrity_check")
        .fetch_one(copy_pool)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    let row = store::from_database(&copy, PoolMode::Session, Default::default())
        .people
        .find_by_subject(&subject)
        .await
        .unwrap()
        .expect("the row is in the copy");
    assert_eq!(row.resume, Ok(Some(support::sample_resume())));

    let again = test.db.backup(&path).await.unwrap_err();
    assert!(matches!(again, BackupError::Exists(_)), "got {again:?}");
}

#[tokio::test]
async fn backup_of_a_postgres_database_points_to_pg_dump() {
    let test = support::postgres().await;
    let dir = tempfile::tempdir().unwrap();
    let error = test.db.backup(&dir.path().join("x.db")).await.unwrap_err();
    assert!(matches!(error, BackupError::NotSqlite));
    assert!(error.to_string().contains("pg_dump"));
}
