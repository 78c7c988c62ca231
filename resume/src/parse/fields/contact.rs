//! Contact details: e-mail, phone, location, website and profile links.

use std::sync::LazyLock;

use regex::Regex;

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b")
        .expect("compiles")
});

static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\+\s?\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{1,5}(?:[\s.-]\d{1,5}){1,5}|\+?\d{8,15}",
    )
    .expect("compiles")
});

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:https?://)?(?:www\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.(?P<tld>[a-z]{2,12})\b(?::\d+)?(?P<path>/[^\s|,;()<>]*)?",
    )
    .expect("compiles")
});

/// Top-level domains that are also file extensions or code words ("Node.js", "main.py") are
/// only taken with a scheme, `www.` or a path.
const CODE_TLDS: &[&str] = &[
    "js", "py", "rs", "ts", "go", "rb", "md", "net_", "sh", "pl", "cs", "kt", "jsx", "tsx", "java",
    "php", "html", "css", "json", "yml", "yaml", "txt", "pdf", "doc", "docx", "exe", "sql",
    "swift", "vue", "rest",
];

/// The first e-mail address in a text.
pub fn email(text: &str) -> Option<String> {
    EMAIL
        .find(text)
        .map(|m| m.as_str().trim_end_matches('.').to_string())
}

/// A phone number (7–15 digits) in a text that is not a date range or a year.
pub fn phone(text: &str) -> Option<String> {
    // Hyphens other than U+002D (XeLaTeX's U+2011, Unicode's U+2010) join digits too.
    let text = &text.replace(['\u{2010}', '\u{2011}', '\u{2012}'], "-");
    for m in PHONE.find_iter(text) {
        let s = m.as_str().trim();
        let digits = s.chars().filter(char::is_ascii_digit).count();
        if !(7..=15).contains(&digits) {
            continue;
        }
        // Dates such as "2019 - 2021" or "2020.07" are not phone numbers.
        if super::dates::find_all(s)
            .iter()
            .any(|r| r.at.1 - r.at.0 + 2 >= s.len())
        {
            continue;
        }
        let has_sep = s.contains([' ', '-', '.', '(', '+']);
        if !has_sep && digits < 9 {
            continue;
        }
        return Some(s.to_string());
    }
    None
}

/// Web addresses in a text (not e-mail addresses), with `https://` added where missing.
pub fn urls(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for c in URL.captures_iter(text) {
        let m = c.get(0).expect("group 0");
        // Part of an e-mail address?
        let before = &text[..m.start()];
        if before.ends_with('@') || text[m.end()..].starts_with('@') {
            continue;
        }
        if before
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_alphanumeric() || ch == '@' || ch == '.')
        {
            continue;
        }
        let s = m.as_str().trim_end_matches(['.', ')']);
        let lower = s.to_lowercase();
        let explicit = lower.starts_with("http") || lower.starts_with("www.");
        let tld = c.name("tld").map_or("", |t| t.as_str()).to_lowercase();
        if !explicit
            && (CODE_TLDS.contains(&tld.as_str())
                || c.name("path").is_none() && !COMMON_TLDS.contains(&tld.as_str()))
        {
            continue;
        }
        out.push(absolute(s));
    }
    out
}

const COMMON_TLDS: &[&str] = &[
    "com", "org", "net", "io", "dev", "me", "co", "uk", "ca", "de", "app", "ai", "xyz", "info",
    "tech", "design", "site", "page", "blog", "edu", "us", "in", "fr", "eu", "nl", "au", "es",
    "it", "ch", "se", "no", "dk", "fi", "pl", "pt", "br", "mx", "jp", "cn", "sg", "nz", "ie", "be",
    "at", "cz", "art", "studio", "work", "website", "online", "pro", "biz", "tv", "cc",
];

/// `https://` in front of an address without a scheme.
pub fn absolute(s: &str) -> String {
    let s = s.trim();
    if s.to_lowercase().starts_with("http://") || s.to_lowercase().starts_with("https://") {
        s.to_string()
    } else {
        format!("https://{s}")
    }
}

/// Which kind of profile a URL is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    LinkedIn,
    GitHub,
    Twitter,
    Spotify,
    /// Another known profile site (the network name).
    Profile(&'static str),
    /// A personal site.
    Website,
}

const NETWORKS: &[(&str, &str)] = &[
    ("dribbble.com", "Dribbble"),
    ("behance.net", "Behance"),
    ("orcid.org", "ORCID"),
    ("gitlab.com", "GitLab"),
    ("bitbucket.org", "Bitbucket"),
    ("medium.com", "Medium"),
    ("stackoverflow.com", "Stack Overflow"),
    ("kaggle.com", "Kaggle"),
    ("instagram.com", "Instagram"),
    ("facebook.com", "Facebook"),
    ("youtube.com", "YouTube"),
    ("scholar.google", "Google Scholar"),
    ("researchgate.net", "ResearchGate"),
    ("codepen.io", "CodePen"),
    ("mastodon.social", "Mastodon"),
    ("bsky.app", "Bluesky"),
    ("soundcloud.com", "SoundCloud"),
    ("leetcode.com", "LeetCode"),
    ("angel.co", "AngelList"),
    ("wellfound.com", "Wellfound"),
    ("hashnode", "Hashnode"),
    ("dev.to", "DEV"),
];

fn host(url: &str) -> String {
    let l = url.to_lowercase();
    let rest = l.split("://").nth(1).unwrap_or(&l).to_string();
    rest.split(['/', '?', '#'])
        .next()
        .unwrap_or("")
        .trim_start_matches("www.")
        .to_string()
}

/// Sorts a URL into a Wrkks slot, another profile, or a personal website.
pub fn classify(url: &str) -> LinkKind {
    let h = host(url);
    let is = |d: &str| h == d || h.ends_with(&format!(".{d}"));
    if is("linkedin.com") {
        LinkKind::LinkedIn
    } else if is("github.com") {
        LinkKind::GitHub
    } else if is("twitter.com") || is("x.com") {
        LinkKind::Twitter
    } else if is("spotify.com") {
        LinkKind::Spotify
    } else if let Some((_, n)) = NETWORKS
        .iter()
        .find(|(d, _)| h == *d || h.ends_with(&format!(".{d}")) || h.starts_with(d))
    {
        LinkKind::Profile(n)
    } else {
        LinkKind::Website
    }
}

/// True for a country name or a country code.
pub fn is_country(s: &str) -> bool {
    crate::json_resume::is_country(s)
}

static LOCATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<city>[A-Z][\p{L}.'-]*(?:\s[A-Z\p{Lu}][\p{L}.'-]*){0,3}),\s*(?P<region>[A-Z][\p{L}.'-]*(?:\s[A-Z][\p{L}.'-]*){0,3})(?:\s+\d{4,6}(?:-\d{4})?)?(?:,?\s*(?P<country>[A-Z][\p{L}.'-]*(?:\s[A-Z][\p{L}.'-]*){0,2}))?$")
        .expect("compiles")
});

/// A place written as "City, Region" (optionally a postcode and a country): returns
/// "City, Region" / "City, Region, Country" with the postcode dropped, or `None`.
pub fn location(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches(['.', ',']);
    if t.split_whitespace().count() > 7 || t.contains('@') {
        return None;
    }
    let c = LOCATION.captures(t)?;
    let city = c.name("city")?.as_str();
    let mut region = c.name("region")?.as_str();
    let mut country = c.name("country").map(|m| m.as_str());
    // "England GB": a country code written after the region without a comma.
    if let Some((r, code)) = region.rsplit_once(' ') {
        if code.len() == 2 && code.chars().all(|ch| ch.is_ascii_uppercase()) && country.is_none() {
            region = r;
            country = Some(code);
        }
    }
    // "Business Administration, MBA" is a field and a degree, not a city and a region;
    // "Marketing, First Class" a field and a grade.
    const NOT_PLACE: &[&str] = &[
        "class",
        "honours",
        "honors",
        "hons",
        "distinction",
        "merit",
        "laude",
        "gpa",
        "grade",
        "science",
        "sciences",
        "arts",
        "engineering",
        "studies",
        "management",
        "marketing",
        "design",
        "administration",
        "finance",
        "accounting",
        "economics",
        "law",
        "nursing",
        "medicine",
        "education",
        "mathematics",
        "physics",
        "chemistry",
        "biology",
        "psychology",
        "history",
        "literature",
        "computing",
        "technology",
        "business",
    ];
    let degree = |x: &str| {
        (x.len() > 2 && super::education::is_degree(x))
            || x.split_whitespace()
                .any(|w| NOT_PLACE.contains(&w.to_lowercase().as_str()))
    };
    if crate::dates::month_from_name(city).is_some()
        || super::experience::names_role_or_org(city)
        || super::experience::names_role_or_org(region)
        || degree(city)
        || degree(region)
    {
        return None;
    }
    let mut out = format!("{city}, {region}");
    if let Some(country) = country {
        if !is_country(region) {
            out.push_str(", ");
            out.push_str(country);
        }
    }
    Some(out)
}

/// A place written with more around it: a street, a postcode, a country, a country code in
/// brackets, contact details on the same line ("1420 W Addison St, 60613, Chicago (US),
/// Illinois", "60613, Chicago, Illinois, US", "Chicago, Illinois jane@example.com").
/// Returns "City, Region" or `None`.
pub fn loose_location(text: &str) -> Option<String> {
    let mut t = text.replace(['\u{2010}', '\u{2011}', '\u{2012}'], "-");
    if let Some(e) = email(&t) {
        t = t.replace(&e, " ");
    }
    if let Some(p) = phone(&t) {
        t = t.replace(&p, " ");
    }
    for u in urls(&t) {
        t = t.replace(u.trim_start_matches("https://"), " ");
    }
    // "(US)" and other bracketed codes.
    let mut clean = String::new();
    let mut depth = 0;
    for c in t.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            _ if depth == 0 => clean.push(c),
            _ => {}
        }
    }
    let parts: Vec<&str> = clean
        .split([',', '|', '·', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() < 2 || parts.len() > 6 {
        return None;
    }
    let mut kept: Vec<String> = Vec::new();
    let mut dropped = 0;
    for (i, p) in parts.iter().enumerate() {
        let first = p.chars().next().unwrap_or(' ');
        // "60613", "SW1A 1AA": every word holds a digit.
        let postcode = p
            .split_whitespace()
            .all(|w| w.chars().any(|c| c.is_ascii_digit()))
            && p.split_whitespace().count() <= 2;
        // A street: starts with a house number, or is the first part and holds a number.
        let street = (first.is_ascii_digit() && p.split_whitespace().count() >= 2)
            || (i == 0 && parts.len() >= 3 && p.chars().any(|c| c.is_ascii_digit()));
        if postcode || street || is_country(p) {
            dropped += 1;
            continue;
        }
        // "Illinois 60613": a region followed by its postcode.
        let words: Vec<&str> = p
            .split_whitespace()
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit() || c == '-'))
            .collect();
        kept.push(words.join(" "));
    }
    // A trailing part may be a country not in the list; "City, Region" is what is kept.
    let trailing_code = kept.len() >= 3
        && kept
            .last()
            .is_some_and(|k| k.len() <= 3 && k.chars().all(|c| c.is_ascii_uppercase()));
    if trailing_code {
        kept.pop();
    }
    // City and region are the last two parts of an address ("Flat 12B, Sea Breeze, Bandra,
    // Mumbai, Maharashtra 400050, IN").
    if kept.len() < 2
        || (kept.len() > 2 && dropped == 0)
        || (dropped == 0 && !trailing_code && parts.len() != 2)
    {
        return None;
    }
    let n = kept.len();
    location(&format!("{}, {}", kept[n - 2], kept[n - 1]))
        .map(|l| l.split(", ").take(2).collect::<Vec<_>>().join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_with_country_codes_and_punctuation_are_found() {
        let rows = [
            (
                "Phone: (312) 555-0148",
                "(312) 555-0148",
                "US with parentheses",
            ),
            (
                "+44 20 7946 0958",
                "+44 20 7946 0958",
                "UK with country code",
            ),
            ("1-650-999-7777", "1-650-999-7777", "dashes"),
            (
                "+1 (416) 555-0193",
                "+1 (416) 555-0193",
                "country code and parentheses",
            ),
            (
                "+91 98450 12345 (Mobile)",
                "+91 98450 12345",
                "LinkedIn style",
            ),
            (
                "(504) 555\u{2011}0163",
                "(504) 555-0163",
                "XeLaTeX non-breaking hyphen",
            ),
            (
                "Toronto, Ontario +1 (416) 555\u{2010}0193",
                "+1 (416) 555-0193",
                "Unicode hyphen after a place",
            ),
        ];
        for (input, want, why) in rows {
            assert_eq!(phone(input).as_deref(), Some(want), "{why}: {input:?}");
        }
        for s in ["2013 - 2017", "Jan 2020 – Present", "2020-07 — 2021-01"] {
            assert_eq!(phone(s), None, "a date range is not a phone: {s:?}");
        }
    }

    #[test]
    fn urls_are_found_but_code_names_and_emails_are_not() {
        assert_eq!(
            urls("Website: http://janef.me/blog"),
            vec!["http://janef.me/blog"]
        );
        assert_eq!(
            urls("www.linkedin.com/in/jane (LinkedIn)"),
            vec!["https://www.linkedin.com/in/jane"]
        );
        assert_eq!(
            urls("mayaokonkwo.example.com"),
            vec!["https://mayaokonkwo.example.com"]
        );
        assert!(urls("React, Node.js, Vue.js").is_empty());
        assert!(urls("jane@example.com").is_empty());
    }

    #[test]
    fn places_with_streets_postcodes_and_countries_around_them_are_found() {
        let rows = [
            (
                "1420 W Addison St, 60613, Chicago (US), Illinois",
                Some("Chicago, Illinois"),
                "street, postcode, city with a bracketed code, region",
            ),
            (
                "60613, Chicago, Illinois, US",
                Some("Chicago, Illinois"),
                "postcode first, country code last",
            ),
            (
                "Chicago, Illinois marcus@example.org (312) 555-0148",
                Some("Chicago, Illinois"),
                "contact details on the same line",
            ),
            (
                "Flat 12B, Sea Breeze CHS, Mumbai, Maharashtra 400050, IN",
                Some("Mumbai, Maharashtra"),
                "a long address: city and region come last",
            ),
            ("Triage, IV Therapy, Wound Care", None, "a list of skills"),
            ("Lakeshore General Hospital, Chicago", None, "an employer"),
        ];
        for (input, want, why) in rows {
            assert_eq!(loose_location(input).as_deref(), want, "{why}: {input:?}");
        }
    }

    #[test]
    fn places_are_read_as_city_and_region() {
        assert_eq!(location("Chicago, IL").as_deref(), Some("Chicago, IL"));
        assert_eq!(
            location("Chicago, Illinois 60613 US").as_deref(),
            Some("Chicago, Illinois, US")
        );
        assert_eq!(
            location("Mountain View, CA").as_deref(),
            Some("Mountain View, CA")
        );
        assert_eq!(location("Provide care for patients, daily"), None);
        assert_eq!(
            location("Business Administration, MBA"),
            None,
            "field, degree"
        );
        assert_eq!(location("Marketing, First Class"), None, "field, grade");
        assert_eq!(
            location("San Francisco, California, United States").as_deref(),
            Some("San Francisco, California, United States")
        );
    }
}
