//! The Vitae résumé: the model shared by the browser and the server ([`Resume`], exactly
//! Wrkks's JSON), its bounds written once ([`bounds`]), checked by [`validate`] and enforced by
//! [`normalise`], conversion to and from JSON Resume
//! ([`json_resume`]) and, behind the `parse` feature, the PDF parser (`parse::parse_pdf`).

pub mod bounds;
pub mod dates;
pub mod json_resume;
mod model;
mod normalise;
pub mod skills;
mod validate;

#[cfg(feature = "parse")]
pub mod parse;

pub use model::{
    CustomSection, Education, Experience, Extra, PersonalInfo, Profile, Project, Resume,
    SkillGroup, Skills,
};
/// `"a, b"`: the parts that are not blank, trimmed, joined with `sep` (headings, one-line
/// summaries of an entry).
pub fn join_nonblank(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

pub use bounds::{MAX_ENTRIES, MAX_ITEM, MAX_LINE, MAX_NAME, MAX_SUMMARY};
pub use normalise::normalise;
pub use validate::{validate, validate_for_publishing, FieldError, SafeUrl};
