//! Validation shared by the browser and the server: one function, [`validate`], which checks a
//! résumé against the rules in [`crate::bounds`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::bounds::{Bounded, Rule, Slot, TextBound, LINE, MAX_ENTRIES, MAX_LINE};
use crate::model::Resume;

/// One problem with one field; `field` is a path such as `experience[2].company`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for FieldError {}

/// A link that is safe to put in an `href`: `http`, `https` or `mailto`, no spaces or control
/// characters. Once you hold one, it is valid.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SafeUrl(String);

impl SafeUrl {
    /// Accepts `http://…`, `https://…` (with a host) and `mailto:…` (with an address).
    pub fn parse(s: &str) -> Result<Self, &'static str> {
        let s = s.trim();
        // Characters, like every other bound (a URL with accents is no longer than its letters).
        if s.chars().count() > MAX_LINE {
            return Err("is too long");
        }
        if s.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err("must not contain spaces or control characters");
        }
        let lower = s.to_ascii_lowercase();
        let rest = if let Some(r) = lower.strip_prefix("https://") {
            r
        } else if let Some(r) = lower.strip_prefix("http://") {
            r
        } else if let Some(r) = lower.strip_prefix("mailto:") {
            return if r.contains('@') && !r.starts_with('@') {
                Ok(Self(s.to_string()))
            } else {
                Err("must be a mailto: link with an e-mail address")
            };
        } else {
            return Err("must start with http://, https:// or mailto:");
        };
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        if host.is_empty() || host.starts_with('.') || host.starts_with(':') || host.contains('@') {
            return Err("must name a host");
        }
        Ok(Self(s.to_string()))
    }
}

impl AsRef<str> for SafeUrl {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `a.b`, or `b` at the top.
fn path(at: &str, name: &str) -> String {
    if at.is_empty() {
        name.to_string()
    } else {
        format!("{at}.{name}")
    }
}

struct Checker(Vec<FieldError>);

impl Checker {
    fn err(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// A multiline bound allows line breaks and tabs (summary, bullets).
    fn text(&mut self, field: &str, value: &str, bound: TextBound) {
        let n = value.chars().count();
        if n > bound.max {
            self.err(
                field,
                format!("is {n} characters long; the limit is {}", bound.max),
            );
        }
        if value
            .chars()
            .any(|c| c.is_control() && !(bound.multiline && matches!(c, '\n' | '\t' | '\r')))
        {
            self.err(field, "contains a control character");
        }
    }

    fn email(&mut self, field: &str, value: &str) {
        self.text(field, value, LINE);
        let email = value.trim();
        if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
            self.err(field, "is not an e-mail address");
        }
    }

    fn date(&mut self, field: &str, value: &str) {
        self.text(field, value, LINE);
        if !crate::dates::reads_as_date(value) {
            self.err(
                field,
                "is not a date: write it like 2021, Mar 2021 or 03/2021, or Present",
            );
        }
    }

    fn link(&mut self, field: &str, value: &str) {
        if value.trim().is_empty() {
            return;
        }
        if let Err(why) = SafeUrl::parse(value) {
            self.err(field, format!("is not a usable link: it {why}"));
        }
    }

    fn count<T>(&mut self, field: &str, items: &[T]) {
        if items.len() > MAX_ENTRIES {
            self.err(
                field,
                format!("has {} entries; the limit is {MAX_ENTRIES}", items.len()),
            );
        }
    }

    fn texts(&mut self, field: &str, items: &[String], bound: TextBound) {
        self.count(field, items);
        for (i, s) in items.iter().enumerate().take(MAX_ENTRIES) {
            self.text(&format!("{field}[{i}]"), s, bound);
        }
    }

    /// Every field of one record, named under `at`.
    fn record<T: Bounded>(&mut self, at: &str, record: &T) {
        for f in T::FIELDS {
            let field = path(at, f.name);
            match &f.slot {
                Slot::One(Rule::Text(bound), get, _) => self.text(&field, get(record), *bound),
                Slot::One(Rule::Email, get, _) => self.email(&field, get(record)),
                Slot::One(Rule::Link, get, _) => self.link(&field, get(record)),
                Slot::One(Rule::Date, get, _) => self.date(&field, get(record)),
                Slot::List(bound, get, _) => self.texts(&field, get(record), *bound),
            }
        }
    }

    /// A list of records: its length, then each of the first [`MAX_ENTRIES`].
    fn records<T: Bounded>(&mut self, at: &str, records: &[T]) {
        self.count(at, records);
        for (i, r) in records.iter().enumerate().take(MAX_ENTRIES) {
            self.record(&format!("{at}[{i}]"), r);
        }
    }
}

/// What a published site needs beyond [`validate`]: a name to put at its top. The editor checks
/// it before Publish and the server when publishing.
pub fn validate_for_publishing(r: &Resume) -> Result<(), Vec<FieldError>> {
    let mut errors = validate(r).err().unwrap_or_default();
    if r.personal_info.name.trim().is_empty() {
        errors.insert(
            0,
            FieldError {
                field: "personalInfo.name".to_string(),
                message: "is needed before your site is published: add your name".to_string(),
            },
        );
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks lengths, list sizes, links (`http`, `https`, `mailto` only), e-mail addresses and
/// control characters, by the rules of [`crate::bounds`]. Every error names its field, e.g.
/// `experience[2].company`.
pub fn validate(r: &Resume) -> Result<(), Vec<FieldError>> {
    let mut c = Checker(Vec::new());
    c.record("personalInfo", &r.personal_info);
    c.records("personalInfo.profiles", &r.personal_info.profiles);
    c.record("", r);
    c.record("skills", &r.skills);
    c.records("skills.groups", &r.skills.groups);
    c.records("experience", &r.experience);
    c.records("projects", &r.projects);
    c.records("education", &r.education);
    c.records("customSections", &r.custom_sections);
    if c.0.is_empty() {
        Ok(())
    } else {
        Err(c.0)
    }
}
