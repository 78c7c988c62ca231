//! What the app does, by feature, as plain functions: each takes the [`AppState`] and (where it
//! acts for someone) the signed-in [`AuthUser`], and returns `Result<T, AppError>`. No HTTP and no
//! Leptos context in here: the doors (`#[server]` functions in `crate::api`, `POST /api/upload`
//! and the CLI) find the state and the person, call one of these and turn the error into a status
//! in one place. Tests call them directly.
//!
//! - [`account`]: who is signed in, signing in, up and out, the dashboard's data, deleting it all.
//! - [`resume`]: saving and deleting the résumé.
//! - [`site`]: the site's address (username), style and whether it is live.
//! - [`upload`]: reading a résumé from an uploaded file.
//! - [`operator`]: the operator's `vitae users …` commands.
//!
//! [`AppState`]: super::state::AppState
//! [`AuthUser`]: super::auth::AuthUser
//! [`AppError`]: crate::error::AppError

pub mod account;
pub mod operator;
pub mod photo;
pub mod resume;
pub mod site;
pub mod upload;

/// The services called as the doors call them, without HTTP: a refusal keeps its 4xx status
/// whatever path it took.
#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use http::{header, HeaderMap, HeaderValue};
    use resume::Resume;

    use super::{account, resume as saved_resume, site, upload};
    use crate::{
        error::AppError,
        server::{
            auth::AuthUser, config::Config, db::Database, parse::worker::Isolation, state::AppState,
        },
        upload_rules::FileProblem,
    };

    /// A fresh app over a migrated SQLite file (kept alive by the returned directory).
    async fn app(vars: &[(&str, &str)]) -> (AppState, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("a temp dir");
        let mut env = HashMap::from([(
            "DATABASE_URL".to_string(),
            format!("sqlite://{}", dir.path().join("vitae.db").display()),
        )]);
        env.extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let config = Config::from_vars(&env).expect("a valid test configuration");
        let db = Database::connect(&config).await.expect("SQLite opens");
        db.migrate().await.expect("the SQLite migrations apply");
        let options = leptos::config::LeptosOptions::builder()
            .output_name("vitae")
            .build();
        let state = AppState::new(config, db, options, Isolation::InProcess).expect("state");
        (state, dir)
    }

    /// Signs up `email` and returns the person as the extractor would find them.
    async fn person(state: &AppState, email: &str) -> AuthUser {
        let token = account::sign_up(state, email, "a long password", None)
            .await
            .expect("signs up");
        let mut headers = HeaderMap::new();
        let bearer = format!("Bearer {}", token.expose());
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_str(&bearer).unwrap(),
        );
        let (subject, email) = state
            .auth
            .identify(state.store.accounts.as_ref(), &headers)
            .await
            .expect("identifies")
            .expect("a session");
        let user = state
            .auth
            .user(state.store.people.as_ref(), &subject, email)
            .await
            .expect("finds the row")
            .expect("a row");
        AuthUser { subject, user }
    }

    #[track_caller]
    fn assert_status<T: std::fmt::Debug>(result: Result<T, AppError>, status: u16, why: &str) {
        match result {
            Err(e) => assert_eq!(e.status(), status, "{why}: {e:?}"),
            Ok(v) => panic!("{why}: expected a {status}, got {v:?}"),
        }
    }

    #[tokio::test]
    async fn refusals_keep_their_4xx_status_without_any_http() {
        let (state, _dir) = app(&[]).await;
        let ana = person(&state, "ana@example.org").await;

        let mut invalid = Resume::default();
        invalid.personal_info.email = "not an address".into();
        let saved = saved_resume::save(&state, &ana, &invalid).await;
        assert!(
            matches!(&saved, Err(AppError::InvalidFields(errors)) if errors.iter().any(|e| e.field == "personalInfo.email")),
            "{saved:?}"
        );
        assert_status(saved, 422, "a résumé with a wrong field");

        assert_status(
            site::set_published(&state, &ana, true).await,
            422,
            "publishing before any save",
        );
        assert_status(
            site::change_username(&state, &ana, "no spaces allowed").await,
            422,
            "not a username",
        );
        assert_status(
            account::delete_account(&state, &ana, "someone-else").await,
            422,
            "deleting with the wrong confirmation",
        );
        assert_status(
            account::sign_in(&state, "ana@example.org", "the wrong password", None).await,
            401,
            "a wrong password",
        );
        assert_status(
            account::sign_up(&state, "ana@example.org", "another long one", None).await,
            409,
            "an address that has an account",
        );
        // The refused deletion deleted nothing.
        assert!(account::dashboard(&state, &ana).is_ok());
    }

    #[tokio::test]
    async fn a_saved_resume_that_does_not_read_is_a_409_and_is_not_published() {
        let (state, _dir) = app(&[]).await;
        let ana = person(&state, "ana@example.org").await;
        let crate::server::db::Database::Sqlite(pool) = &state.db else {
            unreachable!("the test app runs on SQLite")
        };
        sqlx::query("update users set resume = '[1, 2]' where clerk_user_id = ?1")
            .bind(&ana.subject)
            .execute(pool)
            .await
            .unwrap();
        let ana = person_again(&state, ana).await;

        let dashboard = account::dashboard(&state, &ana);
        assert!(
            matches!(dashboard, Err(AppError::SavedResumeUnreadable)),
            "{dashboard:?}"
        );
        assert_status(dashboard, 409, "the dashboard, rather than an empty editor");
        assert_status(
            site::set_published(&state, &ana, true).await,
            409,
            "publishing a résumé that does not read",
        );
    }

    #[tokio::test]
    async fn a_site_without_a_name_is_not_published_and_dates_must_read_as_dates() {
        let (state, _dir) = app(&[]).await;
        let ana = person(&state, "ana@example.org").await;

        let nameless = Resume {
            summary: "Builds compilers.".into(),
            ..Default::default()
        };
        saved_resume::save(&state, &ana, &nameless)
            .await
            .expect("a draft without a name may be saved");
        let ana = person_again(&state, ana).await;
        let published = site::set_published(&state, &ana, true).await;
        assert!(
            matches!(&published, Err(AppError::InvalidFields(errors)) if errors[0].field == "personalInfo.name"),
            "{published:?}"
        );
        assert_status(published, 422, "publishing a site without a name");

        let mut dated = nameless.clone();
        dated.personal_info.name = "Ana".into();
        dated.experience.push(resume::Experience {
            company: "Acme".into(),
            start_date: "sometime".into(),
            ..Default::default()
        });
        let saved = saved_resume::save(&state, &ana, &dated).await;
        assert!(
            matches!(&saved, Err(AppError::InvalidFields(errors)) if errors.iter().any(|e| e.field == "experience[0].startDate")),
            "{saved:?}"
        );
        dated.experience[0].start_date = "Mar 2021".into();
        saved_resume::save(&state, &ana, &dated)
            .await
            .expect("a date");
        let ana = person_again(&state, ana).await;
        assert_eq!(
            site::set_published(&state, &ana, true).await.ok(),
            Some(true)
        );
    }

    /// `me` as the extractor would find them after a change to their row.
    async fn person_again(state: &AppState, me: AuthUser) -> AuthUser {
        let user = state
            .store
            .people
            .find_by_subject(&me.subject)
            .await
            .expect("reads")
            .expect("a row");
        AuthUser { user, ..me }
    }

    #[tokio::test]
    async fn username_checks_past_the_allowance_are_429() {
        let (state, _dir) = app(&[]).await;
        let ana = person(&state, "ana@example.org").await;
        let mut last = Ok(());
        for _ in 0..=crate::server::auth::rate_limit::USERNAME_CHECKS_PER_MINUTE {
            last = site::check_username(&state, &ana, "someone")
                .await
                .map(|_| ());
        }
        assert_status(last, 429, "one check past the allowance");
    }

    #[tokio::test]
    async fn uploads_are_refused_with_the_status_of_what_is_wrong() {
        let (state, _dir) = app(&[("MAX_UPLOAD_BYTES", "2048")]).await;
        let ana = person(&state, "ana@example.org").await;
        let body = |chunks: Vec<&'static [u8]>| {
            futures_util::stream::iter(chunks.into_iter().map(Ok::<_, std::io::Error>))
        };

        let declared = upload::read_resume(&state, &ana, Some(4096), body(vec![])).await;
        assert_eq!(
            declared.as_ref().err(),
            Some(&AppError::File(FileProblem::TooLarge { limit: 2048 }))
        );
        assert_status(declared, 413, "a body announced over the limit");

        let streamed = upload::read_resume(&state, &ana, None, body(vec![&[b' '; 2049]])).await;
        assert_status(streamed, 413, "a body that turns out over the limit");

        let zip = upload::read_resume(&state, &ana, None, body(vec![b"PK\x03\x04rest"])).await;
        assert_status(zip, 415, "a zip");

        let json = upload::read_resume(&state, &ana, None, body(vec![b"{\"basics\": 3}"])).await;
        assert_status(json, 422, "JSON that is not a résumé");

        let ok = upload::read_resume(
            &state,
            &ana,
            None,
            body(vec![b"{\"basics\":{\"name\":\"Ana\"}}"]),
        )
        .await
        .expect("a JSON Resume reads");
        assert_eq!(ok.resume.personal_info.name, "Ana");
        assert_eq!(ok.source, crate::wire::ResumeSource::Json);
    }
}
