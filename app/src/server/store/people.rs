//! [`PeopleStore`]: a person's own row (`users`), which on Postgres they reach only as themselves
//! under Row Level Security, and the public reads of live sites (as `anon`). The only part of the
//! store whose writes change public pages, so the only one [`super::invalidating`] wraps.

use std::fmt;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use resume::Resume;
use uuid::Uuid;

use super::{
    sql,
    sql_store::{Arg, As, SqlStore},
    stored_resume, style_from_db, username_taken, StoreError, Unreadable,
};
use crate::site::{accent::Accent, SiteStyle};

/// Reads a stored accent: null (stored as '' by the queries), or a name this version does not
/// know, is the default — a site is shown in some colour rather than not at all.
fn accent_from_db(stored: &str) -> Accent {
    stored.parse().unwrap_or_default()
}

/// One row of `users`, as its owner (or the operator) sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct UserRow {
    pub id: Uuid,
    /// The auth subject (`users.clerk_user_id`): a Clerk user id, or `local_…`.
    pub subject: String,
    /// Lower case as written by Vitae (rows written by Wrkks may differ in case).
    pub username: String,
    pub email: String,
    /// The stored résumé; `Ok(None)` until the first save, [`Unreadable`] when what is stored does
    /// not read as a résumé (kept as stored, never shown as an empty one).
    pub resume: Result<Option<Resume>, Unreadable>,
    /// Published: the public page is served (`users.islive`).
    pub is_live: bool,
    pub style: SiteStyle,
    pub accent: Accent,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What a visitor may see of a live site: never the email address or the auth subject.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicSite {
    /// The stored (canonical) username: when it differs from the one asked for, redirect to it.
    pub username: String,
    pub resume: Resume,
    pub style: SiteStyle,
    pub accent: Accent,
    /// For caching (`Last-Modified`, revalidation).
    pub updated_at: DateTime<Utc>,
}

/// The fields of a new `users` row; everything else takes its default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NewUser<'a> {
    pub subject: &'a str,
    /// Stored in lower case.
    pub username: &'a str,
    pub email: &'a str,
}

/// A person's own row and the public reads.
///
/// `subject` is the authenticated person's id (`users.clerk_user_id`). Methods that return a
/// [`UserRow`] after a change return the row as stored, with the new `updated_at`.
#[async_trait]
pub trait PeopleStore: Send + Sync + fmt::Debug {
    /// The person's own row.
    async fn find_by_subject(&self, subject: &str) -> Result<Option<UserRow>, StoreError>;

    /// Creates the person's row, or returns the existing one when the subject already has a row
    /// (two first requests at once make one row). [`StoreError::UsernameTaken`] when another
    /// person holds the username: pick another and call again.
    async fn create_user(&self, new: NewUser<'_>) -> Result<UserRow, StoreError>;

    /// Replaces the stored résumé with `resume` (keys it kept from an earlier read included).
    async fn update_resume(&self, subject: &str, resume: &Resume) -> Result<UserRow, StoreError>;

    /// Points the saved résumé's photo (`personalInfo.imageUrl`) at `url`, changing nothing
    /// else in one statement, so a save that lands while a photo is processed is kept. With no
    /// résumé saved, a blank one carrying the URL is saved.
    async fn set_image_url(&self, subject: &str, url: &str) -> Result<UserRow, StoreError>;

    /// Empties the saved résumé's `personalInfo.imageUrl` while it is still `url`; `None`, with
    /// nothing changed, when it points elsewhere by now (or there is no résumé or no row).
    async fn clear_image_url(
        &self,
        subject: &str,
        url: &str,
    ) -> Result<Option<UserRow>, StoreError>;

    /// Changes the username (stored in lower case).
    async fn set_username(&self, subject: &str, username: &str) -> Result<UserRow, StoreError>;

    /// Changes the email address (the auth provider's address changed).
    async fn set_email(&self, subject: &str, email: &str) -> Result<UserRow, StoreError>;

    async fn set_style(&self, subject: &str, style: SiteStyle) -> Result<UserRow, StoreError>;

    /// Stores the person's photo (already re-encoded, named `id` by its hash), replacing the one
    /// they had.
    async fn set_photo(&self, subject: &str, id: &str, jpeg: &[u8]) -> Result<(), StoreError>;

    /// Removes the person's photo; `false` when there was none.
    async fn delete_photo(&self, subject: &str) -> Result<bool, StoreError>;

    /// The photo named `id`, as a visitor reads it.
    async fn find_photo(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError>;

    /// Changes the site's accent colour.
    async fn set_accent(&self, subject: &str, accent: Accent) -> Result<UserRow, StoreError>;

    /// Publishes or unpublishes the site. Unpublishing keeps the résumé (Wrkks cleared it).
    async fn set_live(&self, subject: &str, live: bool) -> Result<UserRow, StoreError>;

    /// Removes the stored résumé and unpublishes the site, in one statement: a site is never
    /// live without a résumé. The row (username, style) stays.
    async fn clear_resume(&self, subject: &str) -> Result<UserRow, StoreError>;

    /// Deletes the person's row. [`StoreError::NotFound`] when there was none.
    async fn delete_user(&self, subject: &str) -> Result<(), StoreError>;

    /// The live site at `username`, compared without case, as a visitor may see it.
    /// [`StoreError::Unreadable`] when its stored résumé does not read.
    async fn find_live_by_username(&self, username: &str)
        -> Result<Option<PublicSite>, StoreError>;
}

/// A `users` row as both databases read it (see `user_columns!` in [`sql`]).
#[derive(sqlx::FromRow)]
pub(super) struct UserRecord {
    id: String,
    clerk_user_id: String,
    username: String,
    email: String,
    resume: Option<String>,
    islive: bool,
    style: String,
    accent: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<UserRecord> for UserRow {
    type Error = StoreError;
    fn try_from(row: UserRecord) -> Result<Self, StoreError> {
        let id = Uuid::parse_str(&row.id).map_err(|e| sqlx::Error::ColumnDecode {
            index: "id".into(),
            source: Box::new(e),
        })?;
        Ok(Self {
            id,
            subject: row.clerk_user_id,
            username: row.username,
            email: row.email,
            resume: stored_resume::read(row.resume),
            is_live: row.islive,
            style: style_from_db(&row.style),
            accent: accent_from_db(&row.accent),
            created_at: row.created_at,
            updated_at: row.updated_at,
        })
    }
}

/// Reads an optional [`UserRecord`].
pub(super) fn user_row(record: Option<UserRecord>) -> Result<Option<UserRow>, StoreError> {
    record.map(UserRow::try_from).transpose()
}

#[derive(sqlx::FromRow)]
struct PhotoRecord {
    jpeg: Vec<u8>,
}

#[derive(sqlx::FromRow)]
struct PublicRecord {
    username: String,
    resume: String,
    style: String,
    accent: String,
    updated_at: DateTime<Utc>,
}

impl SqlStore {
    /// Runs one of the `update_own!` statements on the person's own row; `value` is its `$2`.
    /// `on_error` names what a failure means (a taken username, or just an error).
    async fn update_own(
        &self,
        subject: &str,
        sql: &sql::Sql,
        value: Option<Arg<'_>>,
        on_error: fn(sqlx::Error) -> StoreError,
    ) -> Result<UserRow, StoreError> {
        let mut args = vec![Arg::Text(subject)];
        args.extend(value);
        let row: Option<UserRecord> = self
            .fetch_optional(As::Person(subject), sql, &args)
            .await
            .map_err(on_error)?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }
}

#[async_trait]
impl PeopleStore for SqlStore {
    #[tracing::instrument(skip(self))]
    async fn find_by_subject(&self, subject: &str) -> Result<Option<UserRow>, StoreError> {
        let args = [Arg::Text(subject)];
        user_row(
            self.fetch_optional(As::Person(subject), &sql::FIND_BY_SUBJECT, &args)
                .await?,
        )
    }

    #[tracing::instrument(skip(self, new), fields(subject = new.subject, username = new.username))]
    async fn create_user(&self, new: NewUser<'_>) -> Result<UserRow, StoreError> {
        let username = new.username.to_lowercase();
        let mut tx = self.begin(As::Person(new.subject)).await?;
        let args = [
            Arg::Text(new.subject),
            Arg::Text(&username),
            Arg::Text(new.email),
        ];
        tx.execute(&sql::CREATE_USER, &args).await?;
        let row = tx
            .fetch_optional(&sql::FIND_BY_SUBJECT, &[Arg::Text(new.subject)])
            .await?;
        tx.commit().await?;
        user_row(row)?.ok_or(StoreError::UsernameTaken)
    }

    #[tracing::instrument(skip(self, resume))]
    async fn update_resume(&self, subject: &str, resume: &Resume) -> Result<UserRow, StoreError> {
        let value = Some(Arg::Resume(resume));
        self.update_own(subject, &sql::SET_RESUME, value, StoreError::from)
            .await
    }

    #[tracing::instrument(skip(self))]
    async fn set_image_url(&self, subject: &str, url: &str) -> Result<UserRow, StoreError> {
        let mut blank = Resume::default();
        blank.personal_info.image_url = url.to_owned();
        let args = [Arg::Text(subject), Arg::Text(url), Arg::Resume(&blank)];
        let row: Option<UserRecord> = self
            .fetch_optional(As::Person(subject), &sql::SET_IMAGE_URL, &args)
            .await?;
        row.ok_or(StoreError::NotFound)?.try_into()
    }

    #[tracing::instrument(skip(self))]
    async fn clear_image_url(
        &self,
        subject: &str,
        url: &str,
    ) -> Result<Option<UserRow>, StoreError> {
        let args = [Arg::Text(subject), Arg::Text(url)];
        user_row(
            self.fetch_optional(As::Person(subject), &sql::CLEAR_IMAGE_URL, &args)
                .await?,
        )
    }

    #[tracing::instrument(skip(self))]
    async fn set_username(&self, subject: &str, username: &str) -> Result<UserRow, StoreError> {
        let username = username.to_lowercase();
        let value = Some(Arg::Text(&username));
        self.update_own(subject, &sql::SET_USERNAME, value, username_taken)
            .await
    }

    #[tracing::instrument(skip(self, email))]
    async fn set_email(&self, subject: &str, email: &str) -> Result<UserRow, StoreError> {
        let value = Some(Arg::Text(email));
        self.update_own(subject, &sql::SET_EMAIL, value, StoreError::from)
            .await
    }

    #[tracing::instrument(skip(self))]
    async fn set_style(&self, subject: &str, style: SiteStyle) -> Result<UserRow, StoreError> {
        let value = Some(Arg::Text(style.as_str()));
        self.update_own(subject, &sql::SET_STYLE, value, StoreError::from)
            .await
    }

    #[tracing::instrument(skip(self, jpeg))]
    async fn set_photo(&self, subject: &str, id: &str, jpeg: &[u8]) -> Result<(), StoreError> {
        // One transaction: the old photo never outlives the new one, nor goes before it is in.
        let mut tx = self.begin(As::Person(subject)).await?;
        tx.execute(&sql::DELETE_PHOTO, &[Arg::Text(subject)])
            .await?;
        tx.execute(
            &sql::INSERT_PHOTO,
            &[Arg::Text(id), Arg::Text(subject), Arg::Bytes(jpeg)],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    #[tracing::instrument(skip(self))]
    async fn delete_photo(&self, subject: &str) -> Result<bool, StoreError> {
        let args = [Arg::Text(subject)];
        let deleted = self
            .execute(As::Person(subject), &sql::DELETE_PHOTO, &args)
            .await?;
        Ok(deleted > 0)
    }

    #[tracing::instrument(skip(self))]
    async fn find_photo(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let row: Option<PhotoRecord> = self
            .fetch_optional(As::Visitor, &sql::FIND_PHOTO, &[Arg::Text(id)])
            .await?;
        Ok(row.map(|r| r.jpeg))
    }

    #[tracing::instrument(skip(self))]
    async fn set_accent(&self, subject: &str, accent: Accent) -> Result<UserRow, StoreError> {
        let value = Some(Arg::Text(accent.name()));
        self.update_own(subject, &sql::SET_ACCENT, value, StoreError::from)
            .await
    }

    #[tracing::instrument(skip(self))]
    async fn set_live(&self, subject: &str, live: bool) -> Result<UserRow, StoreError> {
        let value = Some(Arg::Bool(live));
        self.update_own(subject, &sql::SET_LIVE, value, StoreError::from)
            .await
    }

    #[tracing::instrument(skip(self))]
    async fn clear_resume(&self, subject: &str) -> Result<UserRow, StoreError> {
        self.update_own(subject, &sql::CLEAR_RESUME, None, StoreError::from)
            .await
    }

    #[tracing::instrument(skip(self))]
    async fn delete_user(&self, subject: &str) -> Result<(), StoreError> {
        let args = [Arg::Text(subject)];
        match self
            .execute(As::Person(subject), &sql::DELETE_USER, &args)
            .await?
        {
            0 => Err(StoreError::NotFound),
            _ => Ok(()),
        }
    }

    #[tracing::instrument(skip(self))]
    async fn find_live_by_username(
        &self,
        username: &str,
    ) -> Result<Option<PublicSite>, StoreError> {
        let row: Option<PublicRecord> = self
            .fetch_optional(As::Visitor, &sql::FIND_LIVE, &[Arg::Text(username)])
            .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        // JSON `null` in a live row: nothing to show, as with no résumé.
        Ok(
            stored_resume::read(Some(row.resume))?.map(|resume| PublicSite {
                username: row.username,
                resume,
                style: style_from_db(&row.style),
                accent: accent_from_db(&row.accent),
                updated_at: row.updated_at,
            }),
        )
    }
}
