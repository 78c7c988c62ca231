//! Usernames: the `<username>` in `https://<host>/<username>`.
//!
//! Isomorphic (no `ssr` gate): the server derives one from an email address when it creates a
//! person's row, and the dashboard checks one typed in the browser with the same rules.
//!
//! A username is 3–30 characters of `[a-z0-9-]`, with no leading, trailing or doubled `-`, and is
//! not one of the [`RESERVED`] names (every top-level route the app owns, and common ones it may
//! own one day). Once you hold a [`Username`], it is valid.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Shortest username accepted.
pub const MIN_LEN: usize = 3;
/// Longest username accepted: short enough to read aloud and to fit a business card.
pub const MAX_LEN: usize = 30;

/// Names no person may take: the app's own top-level routes, files browsers and crawlers ask for,
/// and names that would let someone pose as the site. Names with a `.` can never be usernames
/// anyway; they are listed so this reads as the list of what `/<name>` must never shadow.
pub const RESERVED: &[&str] = &[
    // The app's routes.
    "api",
    "pkg",
    "sign-in",
    "sign-up",
    "sign-out",
    "dashboard",
    "photos",
    "settings",
    "admin",
    "healthz",
    "readyz",
    "favicon.ico",
    "favicon.svg",
    "robots.txt",
    "sitemap.xml",
    "manifest.json",
    // Common routes a future version, Clerk or a proxy may want.
    "account",
    "accounts",
    "auth",
    "login",
    "logout",
    "signin",
    "signup",
    "signout",
    "register",
    "oauth",
    "sso-callback",
    "callback",
    "verify",
    "reset-password",
    "static",
    "assets",
    "public",
    "well-known",
    "app",
    "www",
    "mail",
    "help",
    "support",
    "about",
    "pricing",
    "privacy",
    "terms",
    "blog",
    "docs",
    "status",
    "new",
    "edit",
    "user",
    "users",
    "profile",
    "root",
    "system",
    "null",
    "undefined",
    "vitae",
];

/// Why a string is not a username; the message is shown next to the field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum UsernameError {
    #[error("Use at least {MIN_LEN} characters.")]
    TooShort,
    #[error("Use at most {MAX_LEN} characters.")]
    TooLong,
    #[error("Use only lower-case letters, digits and hyphens.")]
    InvalidCharacter,
    #[error("A hyphen cannot start or end the name, or follow another hyphen.")]
    MisplacedHyphen,
    #[error("That name is reserved. Choose another.")]
    Reserved,
}

/// A valid username (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Username(String);

impl Username {
    /// Checks `raw` as typed: no normalisation, so what is checked is what is stored.
    pub fn parse(raw: &str) -> Result<Self, UsernameError> {
        let len = raw.chars().count();
        if len < MIN_LEN {
            return Err(UsernameError::TooShort);
        }
        if len > MAX_LEN {
            return Err(UsernameError::TooLong);
        }
        if !raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(UsernameError::InvalidCharacter);
        }
        if raw.starts_with('-') || raw.ends_with('-') || raw.contains("--") {
            return Err(UsernameError::MisplacedHyphen);
        }
        if is_reserved(raw) {
            return Err(UsernameError::Reserved);
        }
        Ok(Self(raw.to_string()))
    }

    /// The usernames to try, in order, for a new person with this email address: the address's
    /// local part normalised (`Ana.María+cv@x.org` → `ana-mar-a-cv`), then the same with `-2`,
    /// `-3`, … (cut so the suffix fits). Every item is valid and not reserved; the sequence is
    /// endless and has no repeats, so "taken" can always be answered with the next one.
    pub fn candidates_from_email(email: &str) -> impl Iterator<Item = Username> {
        let stem = stem_from_email(email);
        // A stem that already ends like a suffix ("…-2", 30 characters) can come back as a later
        // candidate once cut to make room for that suffix: each name is offered once.
        let mut seen = std::collections::HashSet::new();
        (1u64..)
            .filter_map(move |n| Username::parse(&numbered(&stem, n)).ok())
            .filter(move |u| seen.insert(u.0.clone()))
    }

    /// This name numbered `n` (`jane-doe-2` for 2), cut so the number fits; `None` for 1 or
    /// when the result is not a username.
    pub fn with_number(&self, n: u64) -> Option<Username> {
        (n >= 2)
            .then(|| Username::parse(&numbered(&self.0, n)).ok())
            .flatten()
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_inner(self) -> String {
        self.0
    }
}

impl AsRef<str> for Username {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Username {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Username {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Username::parse(&raw).map_err(serde::de::Error::custom)
    }
}

/// `stem` as the `n`th of its numbered forms: itself for 1, else `stem-n`, the stem cut so the
/// whole stays within [`MAX_LEN`].
fn numbered(stem: &str, n: u64) -> String {
    if n == 1 {
        return stem.to_string();
    }
    let suffix = format!("-{n}");
    let keep = MAX_LEN.saturating_sub(suffix.len());
    let base: String = stem.chars().take(keep).collect();
    format!("{}{suffix}", base.trim_end_matches('-'))
}

/// Whether `username` is one [`Username::candidates_from_email`] gives for this email address: the
/// address nobody chose, which the dashboard offers to replace with one made from the person's
/// name. Worked out from the stem rather than by walking the candidates, so the browser's build
/// carries neither the walk nor its set of names seen.
pub fn is_from_email(username: &str, email: &str) -> bool {
    let stem = stem_from_email(email);
    username == stem
        || username
            .rsplit_once('-')
            .and_then(|(_, number)| number.parse::<u64>().ok())
            .is_some_and(|n| n >= 2 && username == numbered(&stem, n))
}

/// The username a person's name suggests (`José Núñez` → `jose-nunez`): accents folded to ASCII,
/// every other run of characters to one `-`, cut at a word to [`MAX_LEN`]. `None` when too little
/// is left (a name in a script with no ASCII spelling here) or the result is reserved: a
/// suggestion is only offered when it can be taken as it is.
pub fn suggest_from_name(name: &str) -> Option<Username> {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded = fold(c);
        if folded.is_empty() {
            if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        } else {
            out.push_str(folded);
        }
    }
    let mut name = out.trim_end_matches('-');
    // Cut at the last whole word that fits rather than mid-word (`maria-de-los-…`).
    if name.len() > MAX_LEN {
        let head = &name[..=MAX_LEN];
        name = match head.rfind('-') {
            Some(at) if at >= MIN_LEN => &head[..at],
            _ => &name[..MAX_LEN],
        };
    }
    Username::parse(name.trim_end_matches('-')).ok()
}

/// Letters with accents as the ASCII a person would type for them; `""` for anything else that
/// is not `[a-z0-9]` (the caller makes a hyphen of it).
fn fold(c: char) -> &'static str {
    const FOLDS: &[(&str, &str)] = &[
        ("àáâãäåāăąǎ", "a"),
        ("çćĉċč", "c"),
        ("ďđð", "d"),
        ("èéêëēĕėęě", "e"),
        ("ĝğġģ", "g"),
        ("ĥħ", "h"),
        ("ìíîïĩīĭįıǐ", "i"),
        ("ĵ", "j"),
        ("ķ", "k"),
        ("ĺļľŀł", "l"),
        ("ñńņňŉ", "n"),
        ("òóôõöøōŏőǒ", "o"),
        ("ŕŗř", "r"),
        ("śŝşšș", "s"),
        ("ţťŧț", "t"),
        ("ùúûüũūŭůűųǔ", "u"),
        ("ŵ", "w"),
        ("ýÿŷ", "y"),
        ("źżž", "z"),
        ("æ", "ae"),
        ("œ", "oe"),
        ("ß", "ss"),
        ("þ", "th"),
    ];
    const ASCII: &str = "abcdefghijklmnopqrstuvwxyz0123456789";
    if c.is_ascii_lowercase() || c.is_ascii_digit() {
        let at = ASCII.find(c).unwrap_or(0);
        return &ASCII[at..at + 1];
    }
    FOLDS
        .iter()
        .find(|(from, _)| from.contains(c))
        .map_or("", |(_, to)| to)
}

/// Whether `name` (compared without case) is one no person may take.
pub fn is_reserved(name: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// The local part of `email`, lower-cased, with every run of characters outside `[a-z0-9]`
/// turned into one `-`, trimmed of `-`, padded with `0` to [`MIN_LEN`] (`person` when nothing is
/// left) and cut to [`MAX_LEN`]. May be reserved: [`Username::candidates_from_email`] skips those.
fn stem_from_email(email: &str) -> String {
    let local = email.trim().split('@').next().unwrap_or_default();
    let mut out = String::with_capacity(local.len());
    for c in local.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut stem: String = out.trim_matches('-').chars().take(MAX_LEN).collect();
    while stem.ends_with('-') {
        stem.pop();
    }
    if stem.is_empty() {
        return "person".to_string();
    }
    while stem.len() < MIN_LEN {
        stem.push('0');
    }
    stem
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[track_caller]
    fn first(email: &str) -> String {
        Username::candidates_from_email(email)
            .next()
            .unwrap()
            .into_inner()
    }

    #[test]
    fn usernames_from_emails_follow_the_rules() {
        let rows = [
            ("ana@example.org", "ana", "a plain local part is kept"),
            (
                "Ana.Maria+cv@x.org",
                "ana-maria-cv",
                "case folded, punctuation to hyphens",
            ),
            (
                "--__a..b__--@x.org",
                "a-b",
                "runs collapse, ends are trimmed",
            ),
            ("al@x.org", "al0", "too short is padded"),
            ("+++@x.org", "person", "nothing left becomes `person`"),
            ("admin@x.org", "admin-2", "a reserved name gets a suffix"),
            (
                "Sign-In@x.org",
                "sign-in-2",
                "reserved names are compared without case",
            ),
            (
                "abcdefghijklmnopqrstuvwxyz-0123456789@x.org",
                "abcdefghijklmnopqrstuvwxyz-012",
                "too long is cut",
            ),
            (
                "abcdefghijklmnopqrstuvwxyzabc.def@x.org",
                "abcdefghijklmnopqrstuvwxyzabc",
                "a cut never ends on a hyphen",
            ),
        ];
        for (email, expected, why) in rows {
            assert_eq!(first(email), expected, "{why} ({email})");
        }
    }

    #[test]
    fn the_suffixed_candidates_fit_in_thirty_characters() {
        let long = "abcdefghijklmnopqrstuvwxyzabcd@x.org";
        let c: Vec<String> = Username::candidates_from_email(long)
            .take(12)
            .map(Username::into_inner)
            .collect();
        assert_eq!(c[0], "abcdefghijklmnopqrstuvwxyzabcd");
        assert_eq!(c[1], "abcdefghijklmnopqrstuvwxyzab-2");
        assert_eq!(c[11], "abcdefghijklmnopqrstuvwxyza-12");
    }

    #[test]
    fn parse_rejects_each_broken_rule_with_its_message() {
        let rows = [
            ("ab", UsernameError::TooShort),
            ("a".repeat(31).as_str(), UsernameError::TooLong),
            ("Ana", UsernameError::InvalidCharacter),
            ("an_a", UsernameError::InvalidCharacter),
            ("anä", UsernameError::InvalidCharacter),
            ("-ana", UsernameError::MisplacedHyphen),
            ("ana-", UsernameError::MisplacedHyphen),
            ("a--na", UsernameError::MisplacedHyphen),
            ("dashboard", UsernameError::Reserved),
            ("healthz", UsernameError::Reserved),
        ]
        .map(|(s, e)| (s.to_string(), e));
        for (raw, expected) in rows {
            assert_eq!(Username::parse(&raw), Err(expected), "{raw}");
        }
        assert!(Username::parse("ana-maria-2").is_ok());
    }

    #[test]
    fn every_route_the_app_owns_is_reserved() {
        for route in [
            "api",
            "pkg",
            "sign-in",
            "sign-up",
            "dashboard",
            "healthz",
            "readyz",
        ] {
            assert!(is_reserved(route), "{route}");
        }
    }

    #[test]
    fn deserialising_checks_the_rules() {
        assert!(serde_json::from_str::<Username>("\"ana\"").is_ok());
        assert!(serde_json::from_str::<Username>("\"admin\"").is_err());
    }

    #[test]
    fn a_stem_ending_like_a_suffix_is_not_offered_twice() {
        // Found by the property below: a 30-character stem ending in "-2" came back as the
        // second candidate once cut to 28 characters for the suffix "-2".
        let email =
            "a\u{1e7e8}a0a0Aa\u{a9de}0\u{11d50}aaaa0\u{10594}AAa\u{1b150}aAa\u{1d507}a a\u{a1}2";
        let c: Vec<Username> = Username::candidates_from_email(email).take(15).collect();
        let mut dedup = c.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(dedup.len(), c.len(), "{c:?}");
    }

    #[test]
    fn names_suggest_usernames() {
        let rows = [
            (
                "Grace Hopper",
                Some("grace-hopper"),
                "words joined by hyphens",
            ),
            ("José Núñez", Some("jose-nunez"), "accents folded"),
            (
                "Jane Q. Fullstacker",
                Some("jane-q-fullstacker"),
                "punctuation becomes one hyphen",
            ),
            (
                "  Zoë  O'Brien-Smith ",
                Some("zoe-o-brien-smith"),
                "ends trimmed, runs collapsed",
            ),
            ("Łukasz Żółć", Some("lukasz-zolc"), "Polish letters"),
            (
                "Søren Kierkegaard",
                Some("soren-kierkegaard"),
                "a stroke is folded too",
            ),
            (
                "Straße Æsir",
                Some("strasse-aesir"),
                "a letter may fold to two",
            ),
            (
                "Maria de los Ángeles Fernández García",
                Some("maria-de-los-angeles-fernandez"),
                "a long name is cut at a word",
            ),
            (
                "Abcdefghijklmnopqrstuvwxyzabcdefg",
                Some("abcdefghijklmnopqrstuvwxyzabcd"),
                "one long word is cut where it must be",
            ),
            ("李小龍", None, "nothing left: no suggestion"),
            (
                "Юрий Гагарин",
                None,
                "Cyrillic has no spelling here: no suggestion",
            ),
            (
                "李 Li",
                None,
                "too short: no suggestion rather than padding",
            ),
            ("Admin", None, "a reserved name is not suggested"),
            ("", None, "no name, no suggestion"),
        ];
        for (name, expected, why) in rows {
            assert_eq!(
                suggest_from_name(name).map(Username::into_inner).as_deref(),
                expected,
                "{why} ({name})"
            );
        }
    }

    #[test]
    fn a_numbered_name_keeps_its_number_within_the_length_limit() {
        let name = Username::parse("jane-doe").unwrap();
        assert_eq!(name.with_number(1), None, "numbers start at 2");
        assert_eq!(name.with_number(2).unwrap().as_str(), "jane-doe-2");
        assert_eq!(name.with_number(10).unwrap().as_str(), "jane-doe-10");
        let long = Username::parse("maria-de-los-angeles-garcia-ab").unwrap();
        assert_eq!(long.as_str().len(), MAX_LEN);
        // Cut to make room, and never left ending in a hyphen before the number.
        assert_eq!(
            long.with_number(3).unwrap().as_str(),
            "maria-de-los-angeles-garcia-3"
        );
        assert_eq!(
            long.with_number(12).unwrap().as_str(),
            "maria-de-los-angeles-garcia-12"
        );
    }

    #[test]
    fn an_address_made_from_the_email_is_recognised() {
        assert!(is_from_email("ana-maria-cv", "Ana.Maria+cv@x.org"));
        assert!(
            is_from_email("ana-maria-cv-7", "Ana.Maria+cv@x.org"),
            "a numbered one too"
        );
        assert!(!is_from_email("grace-hopper", "Ana.Maria+cv@x.org"));
        assert!(!is_from_email("ana-maria", "Ana.Maria+cv@x.org"));
        assert!(
            !is_from_email("ana-maria-cv-1", "Ana.Maria+cv@x.org"),
            "numbers start at 2"
        );
        assert!(!is_from_email("ana-maria-cv-02", "Ana.Maria+cv@x.org"));
        for email in [
            "admin@x.org",
            "abcdefghijklmnopqrstuvwxyzabcd@x.org",
            "abcdefghijklmnopqrstuvwxyzabc.def@x.org",
            "+++@x.org",
            "al@x.org",
        ] {
            for u in Username::candidates_from_email(email).take(120) {
                assert!(is_from_email(u.as_str(), email), "{u} from {email}");
            }
        }
    }

    proptest! {
        #[test]
        fn every_candidate_from_an_email_is_recognised(email in "\\PC{0,60}") {
            for u in Username::candidates_from_email(&email).take(15) {
                prop_assert!(is_from_email(u.as_str(), &email), "{} from {:?}", u, email);
            }
        }

        #[test]
        fn any_name_suggests_a_valid_username_or_none(name in "\\PC{0,60}") {
            if let Some(u) = suggest_from_name(&name) {
                prop_assert!(Username::parse(u.as_str()).is_ok(), "{}", u);
            }
        }

        #[test]
        fn any_email_yields_valid_distinct_candidates(email in "\\PC{0,60}") {
            let c: Vec<Username> = Username::candidates_from_email(&email).take(15).collect();
            prop_assert_eq!(c.len(), 15);
            for u in &c {
                prop_assert!(Username::parse(u.as_str()).is_ok(), "{}", u);
            }
            let mut dedup = c.clone();
            dedup.sort();
            dedup.dedup();
            prop_assert_eq!(dedup.len(), c.len());
        }

        #[test]
        fn parse_accepts_exactly_the_rule_abiding_strings(raw in "[a-z0-9-]{0,34}") {
            let ok = (MIN_LEN..=MAX_LEN).contains(&raw.len())
                && !raw.starts_with('-')
                && !raw.ends_with('-')
                && !raw.contains("--")
                && !is_reserved(&raw);
            prop_assert_eq!(Username::parse(&raw).is_ok(), ok);
        }
    }
}
