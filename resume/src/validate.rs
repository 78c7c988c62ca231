//! Validation shared by the browser and the server: one function, [`validate`].

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::Resume;

/// Longest name a person plausibly has, with room for titles and particles.
pub const MAX_NAME: usize = 200;
/// Longest one-line field (title, company, a URL, a skill).
pub const MAX_LINE: usize = 500;
/// Longest summary: about a page of prose.
pub const MAX_SUMMARY: usize = 5_000;
/// Longest bullet or list item: a long paragraph.
pub const MAX_ITEM: usize = 2_000;
/// Most entries in any list: more than any real résumé, few enough to render quickly.
pub const MAX_ENTRIES: usize = 50;

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
        if s.len() > MAX_LINE {
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

struct Checker(Vec<FieldError>);

impl Checker {
    fn err(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// `multiline` allows newlines and tabs (summary, bullets).
    fn text(&mut self, field: &str, value: &str, max: usize, multiline: bool) {
        let n = value.chars().count();
        if n > max {
            self.err(field, format!("is {n} characters long; the limit is {max}"));
        }
        if value
            .chars()
            .any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\t' | '\r')))
        {
            self.err(field, "contains a control character");
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

    fn texts(&mut self, field: &str, items: &[String], max: usize) {
        self.count(field, items);
        for (i, s) in items.iter().enumerate().take(MAX_ENTRIES) {
            self.text(&format!("{field}[{i}]"), s, max, true);
        }
    }
}

/// Checks lengths, list sizes, links (`http`, `https`, `mailto` only) and control characters.
/// Every error names its field, e.g. `experience[2].company`.
pub fn validate(r: &Resume) -> Result<(), Vec<FieldError>> {
    let mut c = Checker(Vec::new());
    let p = &r.personal_info;
    c.text("personalInfo.name", &p.name, MAX_NAME, false);
    for (f, v) in [
        ("title", &p.title),
        ("location", &p.location),
        ("phone", &p.phone),
        ("email", &p.email),
    ] {
        c.text(&format!("personalInfo.{f}"), v, MAX_LINE, false);
    }
    let email = p.email.trim();
    if !email.is_empty() && (!email.contains('@') || email.contains(char::is_whitespace)) {
        c.err("personalInfo.email", "is not an e-mail address");
    }
    for (f, v) in [
        ("website", &p.website),
        ("linkedin", &p.linkedin),
        ("github", &p.github),
        ("twitter", &p.twitter),
        ("spotifyUrl", &p.spotify_url),
        ("imageUrl", &p.image_url),
    ] {
        c.link(&format!("personalInfo.{f}"), v);
    }
    c.count("personalInfo.profiles", &p.profiles);
    for (i, pr) in p.profiles.iter().enumerate().take(MAX_ENTRIES) {
        c.text(
            &format!("personalInfo.profiles[{i}].network"),
            &pr.network,
            MAX_LINE,
            false,
        );
        c.link(&format!("personalInfo.profiles[{i}].url"), &pr.url);
    }
    c.text("summary", &r.summary, MAX_SUMMARY, true);

    let s = &r.skills;
    c.texts("skills.languages", &s.languages, MAX_LINE);
    c.texts(
        "skills.frameworksAndTools",
        &s.frameworks_and_tools,
        MAX_LINE,
    );
    c.texts("skills.softSkills", &s.soft_skills, MAX_LINE);
    c.count("skills.groups", &s.groups);
    for (i, g) in s.groups.iter().enumerate().take(MAX_ENTRIES) {
        c.text(
            &format!("skills.groups[{i}].name"),
            &g.name,
            MAX_LINE,
            false,
        );
        c.texts(
            &format!("skills.groups[{i}].keywords"),
            &g.keywords,
            MAX_LINE,
        );
    }

    c.count("experience", &r.experience);
    for (i, e) in r.experience.iter().enumerate().take(MAX_ENTRIES) {
        let f = |k: &str| format!("experience[{i}].{k}");
        for (k, v) in [
            ("company", &e.company),
            ("position", &e.position),
            ("location", &e.location),
            ("startDate", &e.start_date),
            ("endDate", &e.end_date),
        ] {
            c.text(&f(k), v, MAX_LINE, false);
        }
        c.texts(&f("description"), &e.description, MAX_ITEM);
        c.texts(&f("technologies"), &e.technologies, MAX_LINE);
    }

    c.count("projects", &r.projects);
    for (i, p) in r.projects.iter().enumerate().take(MAX_ENTRIES) {
        let f = |k: &str| format!("projects[{i}].{k}");
        for (k, v) in [
            ("name", &p.name),
            ("role", &p.role),
            ("startDate", &p.start_date),
            ("endDate", &p.end_date),
        ] {
            c.text(&f(k), v, MAX_LINE, false);
        }
        c.texts(&f("description"), &p.description, MAX_ITEM);
        c.texts(&f("technologies"), &p.technologies, MAX_LINE);
        c.link(&f("link"), &p.link);
    }

    c.count("education", &r.education);
    for (i, e) in r.education.iter().enumerate().take(MAX_ENTRIES) {
        for (k, v) in [
            ("university", &e.university),
            ("degree", &e.degree),
            ("branch", &e.branch),
            ("location", &e.location),
            ("sgpa", &e.sgpa),
            ("startDate", &e.start_date),
            ("endDate", &e.end_date),
        ] {
            c.text(&format!("education[{i}].{k}"), v, MAX_LINE, false);
        }
    }

    c.texts("extracurricular", &r.extracurricular, MAX_ITEM);
    c.count("customSections", &r.custom_sections);
    for (i, s) in r.custom_sections.iter().enumerate().take(MAX_ENTRIES) {
        c.text(
            &format!("customSections[{i}].title"),
            &s.title,
            MAX_LINE,
            false,
        );
        c.texts(&format!("customSections[{i}].items"), &s.items, MAX_ITEM);
    }

    if c.0.is_empty() {
        Ok(())
    } else {
        Err(c.0)
    }
}
