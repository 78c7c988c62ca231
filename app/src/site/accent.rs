//! The accent colour a person picks for their site (`users.accent`): one class on the site's root,
//! whose colours (light and dark, each checked for contrast against its background) are in
//! `style/site.css`.

use std::{fmt, str::FromStr};

use serde::{Deserialize, Serialize};

/// An accent colour; every style has every accent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Accent {
    #[default]
    Green,
    Blue,
    Violet,
    Rose,
    Amber,
}

impl Accent {
    /// Every accent, in the order the dashboard offers them.
    pub const ALL: [Accent; 5] = [
        Self::Green,
        Self::Blue,
        Self::Violet,
        Self::Rose,
        Self::Amber,
    ];

    /// The stored name, also the class suffix (`accent-blue`).
    pub fn name(self) -> &'static str {
        match self {
            Self::Green => "green",
            Self::Blue => "blue",
            Self::Violet => "violet",
            Self::Rose => "rose",
            Self::Amber => "amber",
        }
    }

    /// What a person reads in the picker.
    pub fn label(self) -> &'static str {
        match self {
            Self::Green => "Green",
            Self::Blue => "Blue",
            Self::Violet => "Violet",
            Self::Rose => "Rose",
            Self::Amber => "Amber",
        }
    }

    /// The class on the site's root element.
    pub fn class(self) -> &'static str {
        match self {
            Self::Green => "accent-green",
            Self::Blue => "accent-blue",
            Self::Violet => "accent-violet",
            Self::Rose => "accent-rose",
            Self::Amber => "accent-amber",
        }
    }
}

impl fmt::Display for Accent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a name that is not an accent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an accent colour: use green, blue, violet, rose or amber")]
pub struct UnknownAccent(pub String);

impl FromStr for Accent {
    type Err = UnknownAccent;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| UnknownAccent(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accent_reads_back_from_its_name_and_has_a_class_in_the_stylesheet() {
        for accent in Accent::ALL {
            assert_eq!(accent.name().parse::<Accent>(), Ok(accent));
            assert!(
                super::super::SITE_CSS.contains(&format!(".{}", accent.class())),
                "{accent} has colours in site.css"
            );
        }
        assert!("purple".parse::<Accent>().is_err());
    }
}
