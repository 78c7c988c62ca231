//! The operator's commands (`vitae users list | show | delete | import`) as plain functions over
//! the store. The CLI is the door: it reads files, asks for confirmation and prints; what each
//! command does to the data is here. They act as the server (the connecting role), not as a
//! person: an operator may see and remove any row.

use resume::Resume;

use crate::{
    server::store::{NewUser, StoreError, Stores, UserRow, UserSummary},
    site::SiteStyle,
    username::Username,
};

/// Why an operator's command did nothing (or not all of it).
#[derive(Debug, thiserror::Error)]
pub enum OperatorError {
    #[error("no user named '{0}' — `vitae users list` shows who exists")]
    NoSuchUser(String),
    #[error("'{given}' cannot be a username: {reason}")]
    NotAUsername { given: String, reason: String },
    #[error("'{0}' was deleted by someone else meanwhile")]
    DeletedMeanwhile(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Every person, by username.
pub async fn list(store: &Stores) -> Result<Vec<UserSummary>, OperatorError> {
    Ok(store.admin.admin_list_users().await?)
}

/// One person's row by username (compared without case), live or not.
pub async fn find(store: &Stores, username: &str) -> Result<UserRow, OperatorError> {
    store
        .admin
        .admin_find_by_username(username)
        .await?
        .ok_or_else(|| OperatorError::NoSuchUser(username.to_string()))
}

/// Deletes `user`'s row, by its stored name, so the row the operator confirmed is the one deleted.
pub async fn delete(store: &Stores, user: &UserRow) -> Result<(), OperatorError> {
    if store.admin.admin_delete_by_username(&user.username).await? {
        Ok(())
    } else {
        Err(OperatorError::DeletedMeanwhile(user.username.clone()))
    }
}

/// What `vitae users import` was asked to do.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions<'a> {
    pub username: &'a str,
    /// For a new person only.
    pub email: &'a str,
    /// Publish the site.
    pub live: bool,
    pub style: Option<SiteStyle>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// A new person (subject `import_…`) was created for it.
    pub created: bool,
    /// The row as it is now.
    pub row: UserRow,
}

/// Creates the person (subject `import_…`, no account: they can be linked to a sign-in later) or
/// updates the résumé of the existing one, then applies `style` and `live`.
pub async fn import(
    store: &Stores,
    resume: &Resume,
    options: ImportOptions<'_>,
) -> Result<Imported, OperatorError> {
    let lower = options.username.trim().to_ascii_lowercase();
    // The same rule as sign-up and the dashboard.
    let username = Username::parse(&lower).map_err(|e| OperatorError::NotAUsername {
        given: options.username.to_string(),
        reason: e.to_string(),
    })?;
    let existing = store
        .admin
        .admin_find_by_username(username.as_ref())
        .await?;
    let created = existing.is_none();
    let subject = match existing {
        Some(row) => row.subject,
        None => {
            let subject = format!("import_{}", uuid::Uuid::new_v4().simple());
            store
                .people
                .create_user(NewUser {
                    subject: &subject,
                    username: username.as_ref(),
                    email: options.email.trim(),
                })
                .await?;
            subject
        }
    };
    let mut row = store.people.update_resume(&subject, resume).await?;
    if let Some(style) = options.style {
        row = store.people.set_style(&subject, style).await?;
    }
    if options.live {
        row = store.people.set_live(&subject, true).await?;
    }
    Ok(Imported { created, row })
}
