//! The people store every caller gets: the database's wrapped so that each write that can change
//! a public page marks it in [`SiteMarks`] (see [`crate::server::site_cache`]), so no caller can
//! forget to. Accounts, sessions and the operator's reads change no page and are not wrapped.

use std::{fmt, sync::Arc};

use async_trait::async_trait;
use resume::Resume;

use super::{NewUser, PeopleStore, PublicSite, StoreError, UserRow};
use crate::{
    server::site_cache::SiteMarks,
    site::{accent::Accent, SiteStyle},
};

/// A [`PeopleStore`] that marks cached public pages after every write that can change one.
/// (Other instances hear of it from the database's trigger, not from here.)
pub struct InvalidatingStore {
    inner: Arc<dyn PeopleStore>,
    marks: Arc<SiteMarks>,
}

impl fmt::Debug for InvalidatingStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InvalidatingStore")
            .field("inner", &self.inner)
            .finish()
    }
}

impl InvalidatingStore {
    pub fn new(inner: Arc<dyn PeopleStore>, marks: Arc<SiteMarks>) -> Self {
        Self { inner, marks }
    }

    /// After a write: the page of each of `usernames` changed; `None` when it is not known
    /// which (a failed write may still have committed), and then every page may have.
    fn changed(&self, usernames: Option<&[&str]>) {
        match usernames {
            Some(names) => names.iter().for_each(|n| self.marks.invalidate(n)),
            None => self.marks.invalidate_all(),
        }
    }

    /// After a write that answers with the row: its username's page changed.
    fn after(&self, result: Result<UserRow, StoreError>) -> Result<UserRow, StoreError> {
        match &result {
            Ok(row) => self.changed(Some(&[&row.username])),
            Err(_) => self.changed(None),
        }
        result
    }

    /// The username a person has now (before a write that changes or removes it).
    async fn username_of(&self, subject: &str) -> Option<String> {
        self.inner
            .find_by_subject(subject)
            .await
            .ok()
            .flatten()
            .map(|row| row.username)
    }
}

#[async_trait]
impl PeopleStore for InvalidatingStore {
    async fn find_by_subject(&self, subject: &str) -> Result<Option<UserRow>, StoreError> {
        self.inner.find_by_subject(subject).await
    }
    async fn create_user(&self, new: NewUser<'_>) -> Result<UserRow, StoreError> {
        let r = self.inner.create_user(new).await;
        self.after(r)
    }
    async fn update_resume(&self, subject: &str, resume: &Resume) -> Result<UserRow, StoreError> {
        let r = self.inner.update_resume(subject, resume).await;
        self.after(r)
    }
    async fn set_image_url(&self, subject: &str, url: &str) -> Result<UserRow, StoreError> {
        let r = self.inner.set_image_url(subject, url).await;
        self.after(r)
    }
    async fn clear_image_url(
        &self,
        subject: &str,
        url: &str,
    ) -> Result<Option<UserRow>, StoreError> {
        let r = self.inner.clear_image_url(subject, url).await;
        match &r {
            Ok(Some(row)) => self.changed(Some(&[&row.username])),
            Ok(None) => {}
            Err(_) => self.changed(None),
        }
        r
    }
    async fn set_username(&self, subject: &str, username: &str) -> Result<UserRow, StoreError> {
        // The old address must stop working at once too.
        let old = self.username_of(subject).await;
        let r = self.inner.set_username(subject, username).await;
        match (&r, &old) {
            (Ok(row), Some(old)) => self.changed(Some(&[old, &row.username])),
            _ => self.changed(None),
        }
        r
    }
    async fn set_email(&self, subject: &str, email: &str) -> Result<UserRow, StoreError> {
        // The email is never on a public page, but `updated_at` (and so the ETag) changes.
        let r = self.inner.set_email(subject, email).await;
        self.after(r)
    }
    async fn set_style(&self, subject: &str, style: SiteStyle) -> Result<UserRow, StoreError> {
        let r = self.inner.set_style(subject, style).await;
        self.after(r)
    }

    // A photo changes a page only through the résumé's `imageUrl`, saved with `update_resume`.
    async fn set_photo(&self, subject: &str, id: &str, jpeg: &[u8]) -> Result<(), StoreError> {
        self.inner.set_photo(subject, id, jpeg).await
    }

    async fn delete_photo(&self, subject: &str) -> Result<bool, StoreError> {
        self.inner.delete_photo(subject).await
    }

    async fn find_photo(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.inner.find_photo(id).await
    }

    async fn set_accent(&self, subject: &str, accent: Accent) -> Result<UserRow, StoreError> {
        let r = self.inner.set_accent(subject, accent).await;
        self.after(r)
    }
    async fn set_live(&self, subject: &str, live: bool) -> Result<UserRow, StoreError> {
        let r = self.inner.set_live(subject, live).await;
        self.after(r)
    }
    async fn clear_resume(&self, subject: &str) -> Result<UserRow, StoreError> {
        let r = self.inner.clear_resume(subject).await;
        self.after(r)
    }
    async fn delete_user(&self, subject: &str) -> Result<(), StoreError> {
        let old = self.username_of(subject).await;
        let r = self.inner.delete_user(subject).await;
        match (&r, &old) {
            (Ok(()), Some(old)) => self.changed(Some(&[old])),
            _ => self.changed(None),
        }
        r
    }
    async fn find_live_by_username(
        &self,
        username: &str,
    ) -> Result<Option<PublicSite>, StoreError> {
        self.inner.find_live_by_username(username).await
    }
}
