//! A résumé's contact details, read from its contact lines (the preamble, a contact section,
//! contact lines set elsewhere): e-mail, phone, place and web addresses (joined when broken over
//! two lines), then the PDF's link targets, each address put in its Wrkks slot or kept as another
//! profile. [`super::contact`] says what each detail looks like; this module gathers them.

use super::{contact, dates, experience, name::looks_like_name};
use crate::parse::layout::Line;
use crate::parse::sections;
use crate::{PersonalInfo, Profile};

/// A line that holds only contact details: an e-mail address, a phone number or a web address,
/// with at most a short label ("Phone: (312) 555-0148", "✉ jane@example.com").
pub fn is_contact_line(t: &str) -> bool {
    let mut rest = t.to_string();
    let mut found = false;
    if let Some(e) = contact::email(t) {
        rest = rest.replace(&e, " ");
        found = true;
    }
    if let Some(p) = contact::phone(&rest) {
        if dates::find_all(&p).iter().all(|r| !dates::is_range(r)) {
            rest = rest.replace(&p, " ");
            found = true;
        }
    }
    for u in contact::urls(&rest) {
        let bare = u.trim_start_matches("https://");
        if rest.contains(bare) {
            rest = rest.replace(bare, " ");
            found = true;
        }
    }
    found
        && rest
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphabetic))
            .count()
            <= 2
}

/// Everything the parser found, before it is poured into the model.
pub struct Contact {
    pub email: String,
    pub phone: String,
    pub location: String,
    pub urls: Vec<String>,
}

impl Contact {
    /// What is still missing, from `more` (contact lines found elsewhere in the résumé).
    pub fn fill_gaps(&mut self, more: Contact) {
        if self.email.is_empty() {
            self.email = more.email;
        }
        if self.phone.is_empty() {
            self.phone = more.phone;
        }
        if self.location.is_empty() {
            self.location = more.location;
        }
        for u in more.urls {
            if !self.urls.contains(&u) {
                self.urls.push(u);
            }
        }
    }
}

/// Reads the contact details written on `lines`.
pub fn read(lines: &[&Line]) -> Contact {
    let mut c = Contact {
        email: String::new(),
        phone: String::new(),
        location: String::new(),
        urls: Vec::new(),
    };
    let texts = join_broken_urls(lines);
    let mut loose = None;
    for (t, parts) in &texts {
        if c.email.is_empty() {
            if let Some(e) = contact::email(t) {
                c.email = e;
            }
        }
        for u in contact::urls(t) {
            if !c.urls.contains(&u) {
                c.urls.push(u);
            }
        }
        for part in parts.iter().flat_map(|p| experience::split_fragments(p)) {
            let lower = part.to_lowercase();
            let value = part
                .split_once(':')
                .map_or(part.as_str(), |(_, v)| v)
                .trim()
                .to_string();
            if c.phone.is_empty()
                && contact::email(&part).is_none()
                && contact::urls(&part).is_empty()
            {
                if let Some(p) = contact::phone(&part) {
                    if dates::find_all(&part).iter().all(|r| !dates::is_range(r)) {
                        c.phone = p;
                        continue;
                    }
                }
            }
            if c.location.is_empty() {
                if lower.starts_with("location:")
                    || lower.starts_with("address:")
                    || lower.starts_with("based in")
                {
                    c.location = contact::location(&value).unwrap_or(value.clone());
                } else if let Some(loc) = contact::location(&part) {
                    c.location = loc;
                } else if loose.is_none() {
                    loose = contact::loose_location(&part);
                }
            }
        }
    }
    if c.location.is_empty() {
        c.location = loose.unwrap_or_default();
    }
    c
}

/// The same address, whatever its scheme, `www.` or trailing slash.
fn same_url(a: &str, b: &str) -> bool {
    let n = |s: &str| {
        let l = s.to_lowercase();
        let l = l.split("://").nth(1).unwrap_or(&l).to_string();
        l.trim_start_matches("www.")
            .trim_end_matches('/')
            .to_string()
    };
    n(a) == n(b)
}

/// Lines with their span texts, a web address broken over two lines joined into one
/// ("www.linkedin.com/in/jane-" + "doe (LinkedIn)").
fn join_broken_urls(lines: &[&Line]) -> Vec<(String, Vec<String>)> {
    let mut texts: Vec<(String, Vec<String>)> = Vec::new();
    for l in lines {
        let t = l.text.trim().to_string();
        if let Some((prev, parts)) = texts.last_mut() {
            let broken =
                (prev.ends_with('-') || prev.ends_with('/')) && !contact::urls(prev).is_empty();
            let rest_of_url =
                !t.contains(' ') || (t.ends_with(')') && t.split_whitespace().count() == 2);
            if broken && rest_of_url {
                prev.push_str(&t);
                *parts = vec![prev.clone()];
                continue;
            }
        }
        texts.push((t, l.spans.iter().map(|s| s.text.clone()).collect()));
    }
    texts
}

/// Words that label a contact detail: never a place on their own.
const LABELS: &[&str] = &[
    "email",
    "e mail",
    "phone",
    "mobile",
    "tel",
    "telephone",
    "website",
    "web",
    "linkedin",
    "github",
    "address",
    "location",
    "portfolio",
    "twitter",
    "contact",
    "links",
    "profiles",
    "social",
    "home",
    "cell",
    "blog",
    "resume",
    "cv",
];

/// A city alone on its line among the contact details ("Chicago" under the name): one or two
/// capitalised words that are no label, title, name, organisation or country.
pub fn lone_city(lines: &[&Line], title: &str, name: &str) -> String {
    lines
        .iter()
        .map(|l| l.text.trim())
        .find(|t| {
            let w = t.split_whitespace().count();
            (1..=2).contains(&w)
                && looks_like_name(t)
                && t.split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && experience::title_score(t) <= 0
                && !experience::names_role_or_org(t)
                && !LABELS.contains(&sections::fold(t).as_str())
                && *t != title
                && !name.contains(*t)
                && !contact::is_country(t)
        })
        .map(str::to_string)
        .unwrap_or_default()
}

/// Puts the details in the person's record, then the link targets (`mailto:` and `tel:` fill
/// what is still empty, web addresses not already found join them), then each web address in
/// its slot: LinkedIn, GitHub, Twitter, Spotify, the personal site, or another profile.
pub fn fill<'a>(p: &mut PersonalInfo, c: Contact, targets: impl Iterator<Item = &'a String>) {
    p.email = c.email;
    p.phone = c.phone;
    p.location = c.location;
    let mut urls = c.urls;
    for u in targets {
        let lower = u.to_lowercase();
        if let Some(m) = lower.strip_prefix("mailto:") {
            if p.email.is_empty() {
                p.email = m.split('?').next().unwrap_or("").to_string();
            }
        } else if let Some(t) = lower.strip_prefix("tel:") {
            if p.phone.is_empty() {
                p.phone = t.to_string();
            }
        } else if lower.starts_with("http") && !urls.iter().any(|x| same_url(x, u)) {
            urls.push(u.clone());
        }
    }
    for u in urls {
        let slot = match contact::classify(&u) {
            contact::LinkKind::LinkedIn => &mut p.linkedin,
            contact::LinkKind::GitHub => &mut p.github,
            contact::LinkKind::Twitter => &mut p.twitter,
            contact::LinkKind::Spotify => &mut p.spotify_url,
            contact::LinkKind::Website => &mut p.website,
            contact::LinkKind::Profile(n) => {
                p.profiles.push(Profile {
                    network: n.to_string(),
                    url: u,
                    ..Default::default()
                });
                continue;
            }
        };
        if slot.is_empty() {
            *slot = u;
        }
    }
}
