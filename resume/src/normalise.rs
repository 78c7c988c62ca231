//! Making a résumé fit [`crate::bounds`]: what [`crate::validate`] checks, [`normalise`]
//! enforces. The built-in parser and the AI step both end with it, so whatever a PDF or a model
//! holds, what a person gets passes validation and opens in the editor.
//!
//! Text is cleaned rather than refused: control characters go (a one-line field reads them as
//! a space; prose keeps its line breaks and tabs), edges are trimmed, and what is over its bound
//! is cut. A link without an allowed scheme gets `https://` if it is a bare address
//! (`github.com/ada`) and is dropped otherwise (`javascript:`, `ftp:`); an e-mail address loses
//! a `mailto:` and is dropped if it is not one. Lists lose empty items and are cut to
//! [`MAX_ENTRIES`]; a profile without a usable link is dropped.

use serde_json::Value;

use crate::bounds::{Bounded, Rule, Slot, TextBound, ITEM, LINE, MAX_ENTRIES};
use crate::model::{Extra, Resume};
use crate::SafeUrl;

/// Makes `r` pass [`crate::validate`] (see the module docs). Idempotent.
pub fn normalise(r: &mut Resume) {
    let p = &mut r.personal_info;
    fit(p);
    fit_all(&mut p.profiles, |pr| !pr.url.is_empty());
    fit(r);
    fit(&mut r.skills);
    fit_all(&mut r.skills.groups, |_| true);
    fit_all(&mut r.experience, |_| true);
    fit_all(&mut r.projects, |_| true);
    fit_all(&mut r.education, |_| true);
    fit_all(&mut r.custom_sections, |_| true);
}

/// One record's fields and its unknown keys.
fn fit<T: Bounded>(record: &mut T) {
    for f in T::FIELDS {
        match &f.slot {
            Slot::One(Rule::Text(bound), _, get) => text(get(record), *bound),
            Slot::One(Rule::Email, _, get) => email(get(record)),
            Slot::One(Rule::Link, _, get) => link(get(record)),
            Slot::One(Rule::Date, _, get) => date(get(record)),
            Slot::List(bound, _, get) => texts(get(record), *bound),
        }
    }
    extra(record.extra_mut());
}

/// Each record fitted, those `keep` refuses dropped, at most [`MAX_ENTRIES`] kept.
fn fit_all<T: Bounded>(records: &mut Vec<T>, keep: impl Fn(&T) -> bool) {
    records.iter_mut().for_each(fit);
    records.retain(keep);
    records.truncate(MAX_ENTRIES);
}

/// A date field: cleaned like a line; words that are no date at all ("sometime") are dropped,
/// so that what this returns always passes [`crate::validate`].
fn date(s: &mut String) {
    text(s, LINE);
    if !crate::dates::reads_as_date(s) {
        s.clear();
    }
}

/// Cleans and cuts one text (see the module docs).
fn text(s: &mut String, bound: TextBound) {
    let clean = s.chars().any(|c| c.is_control()) || s.trim().len() != s.len();
    if !clean && s.len() <= bound.max {
        // Bytes bound characters from above: nothing to cut (the common case, no copy).
        return;
    }
    let cleaned: String = s
        .chars()
        .filter_map(|c| match c {
            '\n' | '\t' if bound.multiline => Some(c),
            '\r' if bound.multiline => None,
            c if c.is_control() && bound.multiline => None,
            c if c.is_control() => Some(' '),
            c => Some(c),
        })
        .collect();
    *s = cleaned.trim().chars().take(bound.max).collect();
    let end = s.trim_end().len();
    s.truncate(end);
}

fn texts(list: &mut Vec<String>, bound: TextBound) {
    for s in list.iter_mut() {
        text(s, bound);
    }
    list.retain(|s| !s.is_empty());
    list.truncate(MAX_ENTRIES);
}

/// An e-mail address on one line without `mailto:`, or empty.
fn email(s: &mut String) {
    text(s, LINE);
    if let Some(bare) = s.strip_prefix("mailto:") {
        *s = bare.trim_start().to_string();
    }
    if !s.contains('@') || s.contains(char::is_whitespace) {
        s.clear();
    }
}

/// A link safe for an `href`, or empty. A bare `github.com/ada` gets `https://`; anything with
/// another scheme (`javascript:`, `data:`, `ftp:`) is dropped.
fn link(s: &mut String) {
    let t = s.trim();
    if t.is_empty() {
        s.clear();
        return;
    }
    if SafeUrl::parse(t).is_ok() {
        if t.len() != s.len() {
            *s = t.to_string();
        }
        return;
    }
    let has_scheme = t.split('/').next().unwrap_or("").contains(':');
    let candidate = format!("https://{t}");
    *s = if !has_scheme && t.contains('.') && SafeUrl::parse(&candidate).is_ok() {
        candidate
    } else {
        String::new()
    };
}

/// Keys the model does not know are kept, within the same bounds: each text as a list item,
/// each list at most [`MAX_ENTRIES`] long. (A job's lead paragraph, `summary`, is also its first
/// bullet, and stays equal to it.)
fn extra(map: &mut Extra) {
    map.values_mut().for_each(value);
}

fn value(v: &mut Value) {
    match v {
        Value::String(s) => text(s, ITEM),
        Value::Array(a) => {
            a.truncate(MAX_ENTRIES);
            a.iter_mut().for_each(value);
        }
        Value::Object(m) => m.values_mut().for_each(value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::bounds::{MAX_NAME, NAME, SHORT_ITEM, SUMMARY};
    use crate::model::{CustomSection, Experience, Profile, Project, SkillGroup};

    #[test]
    fn links_that_are_not_web_or_mail_links_are_dropped() {
        let rows = [
            ("javascript:alert(1)", "", "script link"),
            ("data:text/html,hi", "", "data link"),
            ("github.com/ada", "https://github.com/ada", "bare domain"),
            ("https://ada.dev", "https://ada.dev", "already fine"),
            ("not a link", "", "spaces"),
            ("ftp://example.com/x", "", "another scheme"),
            (" https://ada.dev ", "https://ada.dev", "edges trimmed"),
            ("localhost/cv", "", "no dot: not a web address"),
        ];
        for (input, want, why) in rows {
            let mut s = input.to_string();
            link(&mut s);
            assert_eq!(s, want, "{why}: {input:?}");
        }
    }

    #[test]
    fn texts_are_cleaned_and_cut_to_their_bound() {
        let long_name = "N".repeat(MAX_NAME + 10);
        let rows = [
            (
                "Ada\tLovelace",
                LINE,
                "Ada Lovelace",
                "a tab in a line is a space",
            ),
            (
                "One.\r\nTwo.",
                SUMMARY,
                "One.\nTwo.",
                "prose keeps its line breaks",
            ),
            ("a\u{0}b", ITEM, "ab", "a NUL in prose goes"),
            ("a\u{0}b", LINE, "a b", "a NUL in a line is a space"),
            ("  padded  ", SHORT_ITEM, "padded", "edges trimmed"),
            (
                long_name.as_str(),
                NAME,
                &long_name[..MAX_NAME],
                "cut to the bound",
            ),
            ("ok", NAME, "ok", "nothing to do"),
        ];
        for (input, bound, want, why) in rows {
            let mut s = input.to_string();
            text(&mut s, bound);
            assert_eq!(s, want, "{why}: {input:?}");
        }
    }

    #[test]
    fn an_address_keeps_its_mailbox_and_loses_mailto() {
        let rows = [
            (
                "mailto:ada@example.org",
                "ada@example.org",
                "mailto: dropped",
            ),
            (" ada@example.org ", "ada@example.org", "trimmed"),
            ("ada at example.org", "", "not an address"),
            ("ada@exa mple.org", "", "a space inside"),
        ];
        for (input, want, why) in rows {
            let mut s = input.to_string();
            email(&mut s);
            assert_eq!(s, want, "{why}: {input:?}");
        }
    }

    #[test]
    fn empty_items_and_profiles_without_a_link_are_dropped_and_lists_cut() {
        let mut r = Resume {
            extracurricular: vec![" ".into(), "Chess club".into(), "\u{7}".into()],
            ..Default::default()
        };
        r.personal_info.profiles = vec![Profile {
            network: "Mastodon".into(),
            url: "javascript:alert(1)".into(),
            ..Default::default()
        }];
        r.skills.groups = vec![SkillGroup::default(); MAX_ENTRIES + 5];
        normalise(&mut r);
        assert_eq!(r.extracurricular, ["Chess club"]);
        assert!(r.personal_info.profiles.is_empty());
        assert_eq!(r.skills.groups.len(), MAX_ENTRIES);
    }

    /// Text of any characters, control characters included, up to `max` of them.
    fn any_text(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(any::<char>(), 0..max).prop_map(String::from_iter)
    }

    fn any_resume() -> impl Strategy<Value = Resume> {
        let words = || prop::collection::vec(any_text(40), 0..60);
        (
            (any_text(600), any_text(80), any_text(80), any_text(80)),
            (any_text(2500), words(), words()),
            (
                any_text(600),
                any_text(80),
                prop::collection::vec(any_text(2500), 0..4),
            ),
        )
            .prop_map(
                |((name, email, site, link), (summary, skills, items), (co, pos, desc))| {
                    let mut r = Resume {
                        summary: summary.repeat(3),
                        extracurricular: items.clone(),
                        ..Default::default()
                    };
                    r.personal_info.name = name;
                    r.personal_info.email = email;
                    r.personal_info.website = site;
                    r.skills.languages = skills;
                    r.experience.push(Experience {
                        company: co,
                        position: pos,
                        description: desc,
                        ..Default::default()
                    });
                    r.projects.push(Project {
                        link,
                        ..Default::default()
                    });
                    r.custom_sections.push(CustomSection {
                        title: "Awards".into(),
                        items,
                        ..Default::default()
                    });
                    r
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn whatever_a_resume_holds_normalised_it_validates_and_stays_put(r in any_resume()) {
            let mut once = r;
            normalise(&mut once);
            prop_assert_eq!(crate::validate(&once), Ok(()));
            let mut twice = once.clone();
            normalise(&mut twice);
            prop_assert_eq!(twice, once, "normalising twice changes nothing");
        }
    }
}
