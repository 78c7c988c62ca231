//! [`SiteStyle`]: which look a public site has — one type for the renderer, the dashboard, the
//! wire and the store (`users.style`).

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// Which look a site has (`users.style`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteStyle {
    /// One column, print-friendly: the default.
    #[default]
    Simple,
    /// A grid of cards.
    Bento,
}

impl SiteStyle {
    /// The name stored in `users.style`, used in URLs, forms and class names (`page-bento`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Simple => "simple",
            Self::Bento => "bento",
        }
    }
}

impl fmt::Display for SiteStyle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a style name that is neither `simple` nor `bento`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a style: use `simple` or `bento`")]
pub struct UnknownStyle(pub String);

impl FromStr for SiteStyle {
    type Err = UnknownStyle;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "simple" => Ok(Self::Simple),
            "bento" => Ok(Self::Bento),
            other => Err(UnknownStyle(other.to_string())),
        }
    }
}
