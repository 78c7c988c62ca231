//! What crosses the wire between the browser and the server: the answers of the server functions
//! and of `POST /api/upload`. Pages, the server's routes and the tests all read these, so they live
//! here rather than in any one page.

use resume::Resume;
use serde::{Deserialize, Serialize};

use crate::site::{accent::Accent, SiteStyle};

/// Which sign-in the site uses; only public values (the publishable key is public by design).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInMode {
    Local,
    Clerk {
        publishable_key: String,
        frontend_api: String,
    },
}

/// What the signed-in person may see about themselves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    pub username: String,
}

/// The sign-in mode and the signed-in person, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    pub mode: SignInMode,
    pub me: Option<Me>,
}

/// Everything the dashboard shows about the signed-in person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardData {
    pub email: String,
    pub username: String,
    /// Where sites live, without a trailing slash (`PUBLIC_BASE_URL`): the site is
    /// `{base_url}/{username}`.
    pub base_url: String,
    /// The saved résumé; `None` until the first save.
    pub resume: Option<Resume>,
    pub style: SiteStyle,
    pub accent: Accent,
    pub is_live: bool,
    /// When the row last changed (RFC 3339).
    pub updated_at: String,
    /// The largest upload the server accepts (`MAX_UPLOAD_BYTES`), checked before sending.
    pub max_upload_bytes: u64,
    /// Built-in accounts: deleting the account removes the sign-in too (with Clerk, the Clerk
    /// account is managed at Clerk).
    pub owns_account: bool,
}

impl DashboardData {
    /// The full address of the site.
    pub fn site_url(&self) -> String {
        site_url(&self.base_url, &self.username)
    }

    /// A new built-in account's data, as the dashboard's unit tests start from: nothing saved,
    /// not live.
    #[cfg(test)]
    pub fn new_account(email: &str, username: &str) -> Self {
        Self {
            email: email.into(),
            username: username.into(),
            base_url: "http://localhost".into(),
            resume: None,
            style: Default::default(),
            accent: Default::default(),
            is_live: false,
            updated_at: String::new(),
            max_upload_bytes: 1,
            owns_account: true,
        }
    }
}

/// `{base_url}/{username}`.
pub fn site_url(base_url: &str, username: &str) -> String {
    format!("{}/{username}", base_url.trim_end_matches('/'))
}

/// The site's host as it reads aloud or on a card: `base_url` without its scheme or a trailing
/// `/` (a `www.` stays: it is part of the address people type).
pub fn site_host(base_url: &str) -> &str {
    let base = base_url.trim_end_matches('/');
    base.split_once("://").map_or(base, |(_, host)| host)
}

/// The answer to a save.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    pub updated_at: String,
    /// Whether the saved résumé is on a live site now (then the site shows it already).
    pub is_live: bool,
}

/// The answer to "may I have this username?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsernameCheck {
    /// The name checked.
    pub username: String,
    pub available: bool,
    /// Why not, or a word of confirmation.
    pub message: String,
}

/// Which reader produced a résumé read from a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResumeSource {
    /// The built-in parser read the PDF (`PARSER=heuristic`).
    Heuristic,
    /// The AI parser read the PDF; its answer was checked and normalised.
    Llm,
    /// The AI step failed or was skipped; the built-in parser's result (the notice says why).
    Fallback,
    /// A JSON file: a JSON Resume, or a résumé exported from Vitae or Wrkks.
    Json,
}

/// A résumé read from a file, not saved yet: `POST /api/upload`'s 200 answer, and what the
/// parser hands back for `vitae parse`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UploadedResume {
    pub resume: Resume,
    /// A sentence to show, e.g. that the AI step failed and the built-in parser was used.
    pub notice: Option<String>,
    pub source: ResumeSource,
}

/// `POST /api/photo`: where the photo is served from now (the saved résumé's `imageUrl`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhotoSaved {
    pub url: String,
}

/// `POST /api/upload`, any error status: one sentence the person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadErrorBody {
    pub error: String,
}

#[cfg(test)]
mod tests {
    use super::site_host;

    #[test]
    fn a_site_host_is_the_base_url_without_scheme_or_trailing_slash() {
        assert_eq!(site_host("https://vitae.example"), "vitae.example");
        assert_eq!(site_host("http://localhost:3000/"), "localhost:3000");
        assert_eq!(site_host("https://www.vitae.example"), "www.vitae.example");
        assert_eq!(site_host("vitae.example"), "vitae.example");
    }
}
