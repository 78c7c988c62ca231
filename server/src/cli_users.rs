//! The operator's commands: `vitae users list | show USERNAME | delete USERNAME [--yes] |
//! import FILE --username NAME [--live]` and `vitae backup PATH`. Each returns the text to print,
//! or one line saying what went wrong.
//!
//! A door over [`app::server::service::operator`]: here the arguments are read, the question is
//! put and the answer printed; what happens to the data is decided there. Statements are never
//! kept prepared: a one-shot command gains nothing from it, and it may be pointed at a
//! transaction-mode pooler.

use std::{
    fmt::Write as _,
    io::{BufRead, IsTerminal, Write as _},
    path::Path,
};

use app::server::{
    config::PoolMode,
    db::Database,
    service::operator::{self, ImportOptions},
    store::{self, Stores},
};

/// The operator's commands run in their own process: no page cache of theirs to mark (the
/// server hears of their writes from the database: NOTIFY on Postgres, a check on SQLite).
fn store(db: &Database) -> Stores {
    store::from_database(db, PoolMode::Transaction, Default::default())
}

/// How times print: to the second, in UTC.
const TIME: &str = "%Y-%m-%d %H:%M:%SZ";

/// `vitae users list`: one line per person (username, email, live, last update).
pub async fn users_list(db: &Database) -> Result<String, String> {
    let users = operator::list(&store(db))
        .await
        .map_err(|e| e.to_string())?;
    if users.is_empty() {
        return Ok("no users yet\n".into());
    }
    let name_width = users
        .iter()
        .map(|u| u.username.chars().count())
        .max()
        .unwrap_or(0)
        .max(8);
    let email_width = users
        .iter()
        .map(|u| u.email.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    let mut out = format!(
        "{:name_width$}  {:email_width$}  {:4}  UPDATED\n",
        "USERNAME", "EMAIL", "LIVE"
    );
    for u in &users {
        let _ = writeln!(
            out,
            "{:name_width$}  {:email_width$}  {:4}  {}",
            u.username,
            u.email,
            if u.is_live { "yes" } else { "no" },
            u.updated_at.format(TIME)
        );
    }
    let _ = writeln!(out, "{} user(s)", users.len());
    Ok(out)
}

/// `vitae users show USERNAME`: the row, then the stored résumé JSON.
pub async fn users_show(db: &Database, username: &str) -> Result<String, String> {
    let user = operator::find(&store(db), username)
        .await
        .map_err(|e| e.to_string())?;
    let resume = match &user.resume {
        Ok(Some(resume)) => serde_json::to_string_pretty(resume).map_err(|e| e.to_string())?,
        Ok(None) => "(none uploaded)".into(),
        // The operator is the one who can look at it: show it as it is stored.
        Err(unreadable) => format!("({unreadable}; as stored:)\n{}", unreadable.stored),
    };
    Ok(format!(
        "username:   {}\nemail:      {}\nsubject:    {}\nid:         {}\nlive:       {}\nstyle:      {}\ncreated:    {}\nupdated:    {}\nresume:\n{}\n",
        user.username,
        user.email,
        user.subject,
        user.id,
        if user.is_live { "yes" } else { "no" },
        user.style,
        user.created_at.format(TIME),
        user.updated_at.format(TIME),
        resume
    ))
}

/// `vitae users import FILE --username NAME`: reads the file as an upload is read, then
/// [`operator::import`].
pub async fn users_import(
    db: &Database,
    file: &Path,
    options: ImportOptions<'_>,
) -> Result<String, String> {
    let bytes =
        std::fs::read(file).map_err(|e| format!("{}: cannot be read ({e})", file.display()))?;
    // The same reader as an upload's, so a file imports the same way through either door.
    let resume = resume::json_resume::read_resume_json(&bytes)
        .map_err(|e| format!("{}: is not a résumé ({e})", file.display()))?;
    let mut out = String::new();
    if let Err(problems) = resume::validate(&resume) {
        for p in problems {
            let _ = writeln!(out, "warning: {p}");
        }
    }
    let imported = operator::import(&store(db), &resume, options)
        .await
        .map_err(|e| e.to_string())?;
    let row = imported.row;
    if imported.created {
        let _ = writeln!(out, "created {}", row.username);
    }
    let _ = writeln!(
        out,
        "imported the résumé of {} ({}, {})",
        row.username,
        row.style,
        if row.is_live { "live" } else { "not live" }
    );
    Ok(out)
}

/// `vitae users delete USERNAME`: asks on the terminal first, unless `yes` (`--yes`).
pub async fn users_delete(db: &Database, username: &str, yes: bool) -> Result<String, String> {
    users_delete_with(db, username, yes, ask_on_terminal).await
}

/// [`users_delete`] with the question put by `confirm` (tests answer it themselves).
pub async fn users_delete_with(
    db: &Database,
    username: &str,
    yes: bool,
    confirm: impl FnOnce(&str) -> Result<bool, String>,
) -> Result<String, String> {
    let store = store(db);
    let user = operator::find(&store, username)
        .await
        .map_err(|e| e.to_string())?;
    let question = format!(
        "Delete {} <{}>{}? This cannot be undone.",
        user.username,
        user.email,
        if user.is_live {
            ", their résumé and their live site"
        } else {
            " and their résumé"
        }
    );
    if !yes && !confirm(&question)? {
        return Ok("nothing deleted\n".into());
    }
    operator::delete(&store, &user)
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!("deleted {}\n", user.username))
}

fn ask_on_terminal(question: &str) -> Result<bool, String> {
    if !std::io::stdin().is_terminal() {
        return Err(
            "not deleting without confirmation: run it in a terminal, or pass --yes".into(),
        );
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| e.to_string())?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// `vitae backup PATH`: a consistent copy of the SQLite database, safe while the site runs.
pub async fn backup(db: &Database, path: &Path) -> Result<String, String> {
    db.backup(path).await.map_err(|e| e.to_string())?;
    Ok(format!("backed up to {}\n", path.display()))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use app::{
        server::{config::Config, store::NewUser},
        site::SiteStyle,
    };

    use super::*;

    async fn database(dir: &Path) -> Database {
        let url = format!("sqlite://{}", dir.join("vitae.db").display());
        let config =
            Config::from_vars(&HashMap::from([("DATABASE_URL".to_string(), url)])).unwrap();
        let db = Database::connect(&config).await.unwrap();
        db.migrate().await.unwrap();
        for (subject, name, live) in [("user_a", "ana", true), ("user_b", "bo", false)] {
            let s = store(&db).people;
            s.create_user(NewUser {
                subject,
                username: name,
                email: &format!("{name}@example.com"),
            })
            .await
            .unwrap();
            let resume = resume::Resume {
                summary: name.to_string(),
                ..Default::default()
            };
            s.update_resume(subject, &resume).await.unwrap();
            s.set_live(subject, live).await.unwrap();
        }
        db
    }

    #[tokio::test]
    async fn list_shows_every_user_with_email_and_whether_live() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let out = users_list(&db).await.unwrap();
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("USERNAME"), "{out}");
        assert!(
            lines[1].starts_with("ana ")
                && lines[1].contains("ana@example.com")
                && lines[1].contains(" yes "),
            "{out}"
        );
        assert!(
            lines[2].starts_with("bo ") && lines[2].contains(" no "),
            "{out}"
        );
        assert_eq!(lines[3], "2 user(s)");
    }

    #[tokio::test]
    async fn show_prints_the_row_and_the_resume_json() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let out = users_show(&db, "ANA").await.unwrap();
        assert!(out.contains("email:      ana@example.com"), "{out}");
        assert!(out.contains("subject:    user_a"), "{out}");
        assert!(out.contains("\"summary\": \"ana\""), "{out}");
        let missing = users_show(&db, "nobody").await.unwrap_err();
        assert!(missing.contains("vitae users list"), "{missing}");
    }

    #[tokio::test]
    async fn delete_asks_first_and_a_no_keeps_the_user() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let mut asked = String::new();
        let out = users_delete_with(&db, "bo", false, |q| {
            asked = q.to_string();
            Ok(false)
        })
        .await
        .unwrap();
        assert_eq!(out, "nothing deleted\n");
        assert!(asked.contains("bo <bo@example.com>"), "{asked}");
        assert!(users_show(&db, "bo").await.is_ok());

        let out = users_delete_with(&db, "bo", false, |_| Ok(true))
            .await
            .unwrap();
        assert_eq!(out, "deleted bo\n");
        assert!(users_show(&db, "bo").await.is_err());
    }

    #[tokio::test]
    async fn delete_with_yes_does_not_ask() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let out = users_delete_with(&db, "ana", true, |_| panic!("asked despite --yes"))
            .await
            .unwrap();
        assert_eq!(out, "deleted ana\n");
    }

    #[tokio::test]
    async fn backup_writes_a_copy_and_refuses_to_overwrite_it() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let path = dir.path().join("backup.db");
        assert!(backup(&db, &path).await.unwrap().contains("backup.db"));
        assert!(path.exists());
        let again = backup(&db, &path).await.unwrap_err();
        assert!(again.contains("already exists"), "{again}");
    }

    #[tokio::test]
    async fn import_creates_a_live_site_then_updates_it_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let db = database(dir.path()).await;
        let file = dir.path().join("cv.json");
        std::fs::write(
            &file,
            r#"{"personalInfo":{"name":"Cy Twombly"},"summary":"first"}"#,
        )
        .unwrap();
        let options = ImportOptions {
            username: "Cy",
            email: "cy@example.com",
            live: true,
            style: Some(SiteStyle::Bento),
        };
        let err = users_import(&db, &file, options).await.unwrap_err();
        assert!(err.contains("cannot be a username"), "two letters: {err}");

        let options = ImportOptions {
            username: "Cy-T",
            ..options
        };
        let out = users_import(&db, &file, options).await.unwrap();
        assert!(out.contains("created cy-t"), "{out}");
        let site = store(&db)
            .people
            .find_live_by_username("cy-t")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(site.resume.summary, "first");
        assert_eq!(site.style, SiteStyle::Bento);

        std::fs::write(
            &file,
            r#"{"basics":{"name":"Cy Twombly","summary":"second"}}"#,
        )
        .unwrap();
        let options = ImportOptions {
            live: false,
            style: None,
            ..options
        };
        let out = users_import(&db, &file, options).await.unwrap();
        assert!(
            !out.contains("created"),
            "updated, not created again: {out}"
        );
        let site = store(&db)
            .people
            .find_live_by_username("cy-t")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            site.resume.summary, "second",
            "a JSON Resume file is read too"
        );
    }
}
