//! The schema on both databases: additive on a Wrkks database, Supabase's objects left alone,
//! Row Level Security that holds for the app's own queries, and twin migrations for SQLite.

use crate::support;
use std::collections::BTreeSet;

use app::server::{
    config::PoolMode,
    db::Database,
    store::{
        pg::{begin_as_anon, begin_as_user},
        NewUser, Stores,
    },
};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use sqlx::{types::Json, PgPool, Row};

/// Every value of every row Wrkks's SQL defines, in a fixed order.
type WrkksRow = (
    uuid::Uuid,
    String,
    String,
    String,
    Option<Json<Value>>,
    DateTime<Utc>,
    DateTime<Utc>,
);

async fn wrkks_rows(pool: &PgPool) -> Vec<WrkksRow> {
    sqlx::query_as(
        "select id, clerk_user_id, username, email, resume, created_at, updated_at \
         from public.users order by username collate \"C\"",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn islive_by_username(pool: &PgPool) -> Vec<(String, bool, String)> {
    sqlx::query_as(
        "select username, islive, style from public.users order by username collate \"C\"",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Wrkks's table with three rows: a published résumé, one with keys Vitae does not know, and a
/// person who signed in but never uploaded. Timestamps are in the past, so a stray trigger shows.
async fn wrkks_database(extra_setup: &str) -> String {
    let url = support::postgres::server().fresh_database().await;
    support::postgres::execute(&url, &support::wrkks_schema()).await;
    let mut unknown = support::sample_json();
    unknown["futureKey"] = json!({ "kept": true });
    let inserts = format!(
        "insert into public.users (clerk_user_id, username, email, resume, created_at, updated_at) values
           ('user_2ananya', 'ananya', 'ananya@example.com', '{sample}'::jsonb,
            '2024-01-02 03:04:05.123456+00', '2024-06-07 08:09:10.654321+00'),
           ('user_2bo', 'Bo', 'bo@example.com', '{unknown}'::jsonb,
            '2024-02-02 00:00:00+00', '2024-02-03 00:00:00+00'),
           ('user_2cy', 'cy', 'cy@example.com', null,
            '2024-03-02 00:00:00+00', '2024-03-02 00:00:00+00');
         {extra_setup}",
        sample = support::sample_json().to_string().replace('\'', "''"),
        unknown = unknown.to_string().replace('\'', "''"),
    );
    support::postgres::execute(&url, &inserts).await;
    url
}

#[tokio::test]
async fn migrating_a_wrkks_database_keeps_every_row_and_value_and_publishes_rows_with_a_resume() {
    let url = wrkks_database("").await;
    let before = {
        let db = support::connect(&url, &[]).await;
        let Database::Postgres(pool) = &db else {
            unreachable!()
        };
        wrkks_rows(pool).await
    };
    assert_eq!(before.len(), 3);

    let db = support::connect(&url, &[]).await;
    db.migrate()
        .await
        .expect("our migrations apply on Wrkks's table");
    let Database::Postgres(pool) = &db else {
        unreachable!()
    };
    let after = wrkks_rows(pool).await;
    assert_eq!(
        after, before,
        "every id, subject, username, email, résumé and timestamp survived"
    );
    assert_eq!(
        islive_by_username(pool).await,
        [
            ("Bo".to_string(), true, "simple".to_string()),
            ("ananya".to_string(), true, "simple".to_string()),
            ("cy".to_string(), false, "simple".to_string()),
        ],
        "a row with a résumé was a published Wrkks site"
    );

    // The store reads the old rows: Wrkks's mixed-case username, unknown keys and all.
    let store = app::server::store::from_database(&db, PoolMode::Session, Default::default());
    let bo = store
        .people
        .find_live_by_username("bo")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bo.username, "Bo");
    assert_eq!(bo.resume.extra["futureKey"], json!({ "kept": true }));
    let ananya = store
        .people
        .find_by_subject("user_2ananya")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ananya.resume, Ok(Some(support::sample_resume())));
    // Wrkks's trigger still keeps `updated_at`.
    let changed = store
        .people
        .set_style("user_2ananya", app::site::SiteStyle::Bento)
        .await
        .unwrap();
    assert!(changed.updated_at > ananya.updated_at);
}

#[tokio::test]
async fn a_wrkks_database_that_already_has_islive_keeps_its_values() {
    // An operator who followed Wrkks's code rather than its SQL added the column by hand: an
    // unpublished site there has a résumé and `islive = false`, and must stay unpublished.
    let url = wrkks_database(
        "alter table public.users add column islive boolean default false;
         update public.users set islive = (username = 'ananya');",
    )
    .await;
    let db = support::connect(&url, &[]).await;
    db.migrate().await.unwrap();
    let Database::Postgres(pool) = &db else {
        unreachable!()
    };
    let live: Vec<bool> = islive_by_username(pool)
        .await
        .into_iter()
        .map(|(_, live, _)| live)
        .collect();
    assert_eq!(live, [false, true, false], "Bo, ananya, cy as they were");
    let store = app::server::store::from_database(&db, PoolMode::Session, Default::default());
    assert!(store
        .people
        .find_live_by_username("bo")
        .await
        .unwrap()
        .is_none());
}

#[tokio::test]
async fn on_plain_postgres_the_migration_creates_the_roles_and_auth_jwt_that_supabase_provides() {
    let db = support::postgres().await;
    let pool = db.pg_pool();
    for role in ["anon", "authenticated"] {
        let (can_login, bypass): (bool, bool) =
            sqlx::query_as("select rolcanlogin, rolbypassrls from pg_roles where rolname = $1")
                .bind(role)
                .fetch_one(pool)
                .await
                .unwrap_or_else(|e| panic!("role {role} exists: {e}"));
        assert!(!can_login, "{role} is nologin");
        assert!(!bypass, "{role} does not bypass RLS");
    }
    let mut tx = begin_as_user(pool, "user_42").await.unwrap();
    let sub: Option<String> = sqlx::query_scalar("select auth.jwt() ->> 'sub'")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(sub.as_deref(), Some("user_42"));
    let role: String = sqlx::query_scalar("select current_user::text")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(role, "authenticated");
    tx.rollback().await.unwrap();

    let mut tx = begin_as_anon(pool).await.unwrap();
    let sub: Option<String> = sqlx::query_scalar("select auth.jwt() ->> 'sub'")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(sub, None, "a visitor has no subject");
}

#[tokio::test]
async fn on_supabase_the_existing_roles_and_auth_jwt_are_used_and_left_alone() {
    let server = support::postgres::server();
    let admin_url = server.fresh_database().await;
    let name = admin_url.rsplit('/').next().unwrap().to_string();
    // Supabase as the app sees it: the roles exist, `auth` and `auth.jwt()` belong to
    // `supabase_auth_admin`, and the app connects as a non-superuser that owns the database and
    // is a member of anon and authenticated (Supabase's `postgres`).
    let app_role = format!("vitae_supa_{}", &name["vitae_test_".len()..][..12]);
    let setup = format!(
        "do $$ begin create role supabase_auth_admin nologin;
           exception when duplicate_object or unique_violation then null; end $$;
         do $$ begin create role anon nologin noinherit;
           exception when duplicate_object or unique_violation then null; end $$;
         do $$ begin create role authenticated nologin noinherit;
           exception when duplicate_object or unique_violation then null; end $$;
         create role {app_role} login createrole password 'supa-pw';
         grant anon, authenticated to {app_role};
         alter database {name} owner to {app_role};
         create schema auth authorization supabase_auth_admin;
         create function auth.jwt() returns jsonb language sql stable as $f$
           select coalesce(nullif(current_setting('request.jwt.claim', true), ''),
                           nullif(current_setting('request.jwt.claims', true), ''))::jsonb
         $f$;
         alter function auth.jwt() owner to supabase_auth_admin;
         comment on function auth.jwt() is 'made by supabase';
         grant usage on schema auth to anon, authenticated;
         grant execute on function auth.jwt() to anon, authenticated;"
    );
    support::postgres::execute(&admin_url, &setup).await;

    let app_url = server.url_as(&name, &app_role, "supa-pw");
    let db = support::connect(&app_url, &[]).await;
    db.migrate()
        .await
        .expect("the migration runs as a non-superuser without touching Supabase's objects");

    let Database::Postgres(pool) = &db else {
        unreachable!()
    };
    let (owner, comment, source): (String, Option<String>, String) = sqlx::query_as(
        "select pg_get_userbyid(p.proowner)::text, obj_description(p.oid, 'pg_proc'), p.prosrc \
         from pg_proc p where p.oid = 'auth.jwt()'::regprocedure",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(owner, "supabase_auth_admin");
    assert_eq!(comment.as_deref(), Some("made by supabase"));
    assert!(
        source.contains("request.jwt.claim'"),
        "Supabase's body kept"
    );
    let schema_owner: String = sqlx::query_scalar(
        "select pg_get_userbyid(nspowner)::text from pg_namespace where nspname = 'auth'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(schema_owner, "supabase_auth_admin");

    // And the store works through Supabase's `auth.jwt()`, under RLS, as this role.
    let store = app::server::store::from_database(&db, PoolMode::Session, Default::default());
    let mine = store
        .people
        .create_user(NewUser {
            subject: "user_supa",
            username: "supa",
            email: "supa@example.com",
        })
        .await
        .unwrap();
    assert_eq!(
        store.people.find_by_subject("user_supa").await.unwrap(),
        Some(mine)
    );
    assert_eq!(
        store.people.find_by_subject("user_other").await.unwrap(),
        None
    );
}

/// Two people, each with a résumé.
async fn two_people(store: &Stores) -> (String, String) {
    let (a, b) = (support::subject(), support::subject());
    for (subject, name) in [(&a, "alice"), (&b, "bob")] {
        store
            .people
            .create_user(NewUser {
                subject,
                username: name,
                email: &format!("{name}@example.com"),
            })
            .await
            .unwrap();
        store
            .people
            .update_resume(subject, &support::resume(json!({ "summary": name })))
            .await
            .unwrap();
    }
    (a, b)
}

#[tokio::test]
async fn inside_one_persons_transaction_a_raw_update_of_another_persons_row_changes_nothing() {
    let db = support::postgres().await;
    let store = db.store();
    let (alice, bob) = two_people(&store).await;
    let pool = db.pg_pool();

    let mut tx = begin_as_user(pool, &alice).await.unwrap();
    let targeted = sqlx::query(
        "update public.users set resume = '{\"hacked\": true}' where clerk_user_id = $1",
    )
    .bind(&bob)
    .execute(&mut *tx)
    .await
    .unwrap()
    .rows_affected();
    assert_eq!(targeted, 0, "Bob's row is invisible to Alice");
    let everything = sqlx::query("update public.users set email = 'x@example.com'")
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(
        everything, 1,
        "an update without `where` reaches only Alice's own row"
    );
    let visible: i64 = sqlx::query_scalar("select count(*) from public.users")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(visible, 1);
    let deleted = sqlx::query("delete from public.users where clerk_user_id = $1")
        .bind(&bob)
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(deleted, 0);
    tx.commit().await.unwrap();

    let bob_row = store.people.find_by_subject(&bob).await.unwrap().unwrap();
    assert_eq!(
        bob_row.resume,
        Ok(Some(support::resume(json!({ "summary": "bob" }))))
    );
    assert_eq!(bob_row.email, "bob@example.com");
}

#[tokio::test]
async fn inside_one_persons_transaction_a_row_for_another_subject_cannot_be_inserted() {
    let db = support::postgres().await;
    let mut tx = begin_as_user(db.pg_pool(), "user_mallory").await.unwrap();
    let error = sqlx::query(
        "insert into public.users (clerk_user_id, username, email) \
         values ('user_victim', 'victim', 'v@example.com')",
    )
    .execute(&mut *tx)
    .await
    .unwrap_err();
    assert_eq!(
        error.as_database_error().and_then(|e| e.code()).as_deref(),
        Some("42501"),
        "refused by the insert policy: {error}"
    );
}

#[tokio::test]
async fn a_visitor_cannot_read_email_or_subject_and_sees_only_live_rows() {
    let db = support::postgres().await;
    let store = db.store();
    let (alice, _bob) = two_people(&store).await;
    store.people.set_live(&alice, true).await.unwrap();
    let pool = db.pg_pool();

    for column in ["email", "clerk_user_id", "id", "*"] {
        let mut tx = begin_as_anon(pool).await.unwrap();
        let error = sqlx::query(&format!("select {column} from public.users"))
            .fetch_all(&mut *tx)
            .await
            .unwrap_err();
        assert_eq!(
            error.as_database_error().and_then(|e| e.code()).as_deref(),
            Some("42501"),
            "anon selecting {column}: {error}"
        );
    }

    let mut tx = begin_as_anon(pool).await.unwrap();
    let rows = sqlx::query("select username, resume, style, islive, updated_at from public.users")
        .fetch_all(&mut *tx)
        .await
        .expect("the public columns are readable");
    let names: Vec<String> = rows.iter().map(|r| r.get("username")).collect();
    assert_eq!(names, ["alice"], "only the live site");
    let changed = sqlx::query("update public.users set resume = null")
        .execute(&mut *tx)
        .await;
    assert!(changed.is_err(), "a visitor cannot write");
}

#[tokio::test]
async fn the_postgres_and_sqlite_migrations_make_the_same_tables_and_columns() {
    let pg = support::postgres().await;
    let lite = support::sqlite().await;
    let pg_columns: BTreeSet<(String, String)> = sqlx::query_as(
        "select table_name::text, column_name::text from information_schema.columns \
         where table_schema = 'public' and table_name <> '_sqlx_migrations'",
    )
    .fetch_all(pg.pg_pool())
    .await
    .unwrap()
    .into_iter()
    .collect();
    let Database::Sqlite(pool) = &lite.db else {
        unreachable!()
    };
    let sqlite_columns: BTreeSet<(String, String)> = sqlx::query_as(
        "select m.name, p.name from sqlite_master m join pragma_table_info(m.name) p \
         where m.type = 'table' and m.name not like 'sqlite_%' and m.name <> '_sqlx_migrations'",
    )
    .fetch_all(pool)
    .await
    .unwrap()
    .into_iter()
    .collect();
    assert!(pg_columns.contains(&("users".into(), "islive".into())));
    assert_eq!(pg_columns, sqlite_columns);
}

#[test]
fn the_postgres_and_sqlite_migration_folders_are_twins() {
    let names = |kind: &str| -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../migrations")
            .join(kind);
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        names.sort();
        names
    };
    let (pg, lite) = (names("postgres"), names("sqlite"));
    assert!(pg.len() >= 2);
    assert_eq!(
        pg, lite,
        "the same versions and descriptions in both folders"
    );
}

/// Statements prepared by this session (named ones: what a transaction-mode pooler loses).
async fn prepared_statements(pool: &PgPool) -> i64 {
    sqlx::query_scalar("select count(*) from pg_prepared_statements")
        .persistent(false)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn transaction_pool_mode_leaves_no_prepared_statement_behind() {
    let migrated = support::postgres().await;
    for (mode, pool_mode, expect_cached) in [
        ("session", PoolMode::Session, true),
        ("transaction", PoolMode::Transaction, false),
    ] {
        let db = support::connect(
            &migrated.url,
            &[
                ("DATABASE_POOL_MODE", mode),
                ("DATABASE_MAX_CONNECTIONS", "1"),
                // Already migrated (and migrations do not run through a transaction pooler).
                ("AUTO_MIGRATE", "false"),
            ],
        )
        .await;
        let store = app::server::store::from_database(&db, pool_mode, Default::default());
        let subject = support::subject();
        store
            .people
            .create_user(NewUser {
                subject: &subject,
                username: &support::username(mode),
                email: "p@example.com",
            })
            .await
            .unwrap();
        store.people.find_by_subject(&subject).await.unwrap();
        let Database::Postgres(pool) = &db else {
            unreachable!()
        };
        let count = prepared_statements(pool).await;
        assert_eq!(count > 0, expect_cached, "{mode} mode: {count} prepared");
    }
}

#[tokio::test]
async fn on_plain_postgres_a_login_role_that_is_not_a_superuser_migrates_and_acts_as_people() {
    // The operator made a role for Vitae (`create role vitae login createrole`) and a database
    // it owns: the migration makes it a member of anon and authenticated, so `set local role`
    // works, and the role still cannot see past RLS inside a person's transaction.
    let server = support::postgres::server();
    let admin_url = server.fresh_database().await;
    let name = admin_url.rsplit('/').next().unwrap().to_string();
    let role = format!("vitae_plain_{}", &name["vitae_test_".len()..][..12]);
    support::postgres::execute(
        &admin_url,
        &format!(
            "create role {role} login createrole password 'plain-pw';
             alter database {name} owner to {role};"
        ),
    )
    .await;
    let db = support::connect(&server.url_as(&name, &role, "plain-pw"), &[]).await;
    db.migrate().await.expect("migrates as a non-superuser");
    let Database::Postgres(pool) = &db else {
        unreachable!()
    };
    let (member, superuser): (bool, bool) = sqlx::query_as(
        "select pg_has_role(current_user, 'authenticated', 'member'), \
                (select rolsuper from pg_roles where rolname = current_user)",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert!(member && !superuser);

    let store = app::server::store::from_database(&db, PoolMode::Session, Default::default());
    let (alice, bob) = two_people(&store).await;
    let mut tx = begin_as_user(pool, &alice).await.unwrap();
    let changed = sqlx::query("update public.users set resume = null where clerk_user_id = $1")
        .bind(&bob)
        .execute(&mut *tx)
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(changed, 0);
}

#[tokio::test]
async fn two_instances_starting_at_once_migrate_one_database_once() {
    let url = support::postgres::server().fresh_database().await;
    let (a, b) = (
        support::connect(&url, &[]).await,
        support::connect(&url, &[]).await,
    );
    let (ra, rb) = tokio::join!(a.migrate(), b.migrate());
    ra.expect("the first instance migrates");
    rb.expect("the second waits for the first, then finds nothing to do");
    let Database::Postgres(pool) = &a else {
        unreachable!()
    };
    let applied: i64 = sqlx::query_scalar("select count(*) from _sqlx_migrations")
        .fetch_one(pool)
        .await
        .unwrap();
    let migrations = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres"),
    )
    .unwrap()
    .count();
    assert_eq!(applied as usize, migrations, "each migration applied once");
}

#[tokio::test]
async fn on_sqlite_an_update_that_does_not_set_updated_at_still_moves_it() {
    let test = support::sqlite().await;
    let store = test.store();
    let subject = support::subject();
    let created = store
        .people
        .create_user(NewUser {
            subject: &subject,
            username: "trigger",
            email: "t@example.com",
        })
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let Database::Sqlite(pool) = &test.db else {
        unreachable!()
    };
    sqlx::query("update users set email = 'other@example.com' where clerk_user_id = ?1")
        .bind(&subject)
        .execute(pool)
        .await
        .unwrap();
    let row = store
        .people
        .find_by_subject(&subject)
        .await
        .unwrap()
        .unwrap();
    assert!(row.updated_at > created.updated_at, "the trigger moved it");
    assert_eq!(row.created_at, created.created_at);
}

#[tokio::test]
async fn on_sqlite_a_resume_that_is_not_json_is_refused() {
    let test = support::sqlite().await;
    let Database::Sqlite(pool) = &test.db else {
        unreachable!()
    };
    let refused = sqlx::query(
        "insert into users (id, clerk_user_id, username, email, resume) \
         values ('x', 'user_x', 'x-user', 'x@example.com', '{not json')",
    )
    .execute(pool)
    .await;
    assert!(refused.is_err(), "json_valid rejects it");
    let refused = sqlx::query(
        "insert into users (id, clerk_user_id, username, email, style) \
         values ('y', 'user_y', 'y-user', 'y@example.com', 'fancy')",
    )
    .execute(pool)
    .await;
    assert!(refused.is_err(), "style is simple or bento");
}

#[tokio::test]
async fn on_postgres_a_style_other_than_simple_or_bento_is_refused() {
    let db = support::postgres().await;
    let refused = sqlx::query(
        "insert into public.users (clerk_user_id, username, email, style) \
         values ('user_y', 'y-user', 'y@example.com', 'fancy')",
    )
    .execute(db.pg_pool())
    .await
    .unwrap_err();
    assert_eq!(
        refused.as_database_error().and_then(|e| e.constraint()),
        Some("users_style_check")
    );
}
