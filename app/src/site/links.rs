//! The safe-link rule, in one function: [`safe_href`]. Every link on a public site goes through
//! it, so a résumé field holding `javascript:…` (or anything else odd) is shown as text and never
//! becomes an `href`.

use leptos::prelude::*;
use resume::SafeUrl;

/// The `href` for a value written in a résumé, or `None` when it must not become a link.
///
/// Accepted: `http://` and `https://` URLs with a host, `mailto:` with an address, `tel:` with a
/// phone number. A bare address such as `github.com/ada` (how people write links on paper) is
/// read as `https://`. Anything else — `javascript:`, `data:`, relative paths, text with spaces —
/// is `None`.
pub fn safe_href(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.is_empty() {
        return None;
    }
    let lower = s.to_ascii_lowercase();
    if let Some(number) = lower.strip_prefix("tel:") {
        let digits = number.chars().filter(char::is_ascii_digit).count();
        let allowed = number
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | '(' | ')' | ' '));
        return (allowed && (3..=20).contains(&digits))
            .then(|| format!("tel:{}", tel_digits(number)));
    }
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
    {
        return SafeUrl::parse(s).ok().map(|u| u.as_ref().to_string());
    }
    // A scheme we do not allow (`javascript:`, `data:`, `ftp:` …): never a link. A colon before
    // the first slash is a scheme (or a port on a bare host, which we do not guess at).
    let before_path = lower.split('/').next().unwrap_or("");
    if before_path.contains(':') {
        return None;
    }
    // A bare host: `example.com`, `www.linkedin.com/in/ada`.
    let host = before_path;
    let looks_like_host = host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !looks_like_host {
        return None;
    }
    SafeUrl::parse(&format!("https://{s}"))
        .ok()
        .map(|u| u.as_ref().to_string())
}

/// `tel:` wants the number without spaces or punctuation other than a leading `+`.
fn tel_digits(number: &str) -> String {
    number
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

/// `mailto:` link for an email address written in the résumé, when it is one.
pub fn mailto(email: &str) -> Option<String> {
    let e = email.trim();
    if e.is_empty() || e.contains(':') {
        return safe_href(e).filter(|h| h.starts_with("mailto:"));
    }
    safe_href(&format!("mailto:{e}"))
}

/// `tel:` link for a phone number written in the résumé, when it is one.
pub fn tel(phone: &str) -> Option<String> {
    let p = phone.trim();
    if p.to_ascii_lowercase().starts_with("tel:") {
        return safe_href(p);
    }
    safe_href(&format!("tel:{p}"))
}

/// A profile field that may hold a full URL or just a handle (`ada`, `@ada`): the URL to link.
pub fn profile_href(value: &str, base: &str) -> Option<String> {
    let v = value.trim();
    let handle = v.trim_start_matches('@');
    let is_handle = !handle.is_empty()
        && handle.len() <= 60
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if is_handle {
        return safe_href(&format!("{base}{handle}"));
    }
    safe_href(v)
}

/// Shown text for a URL: without the scheme, `www.` and a trailing slash.
pub fn display_url(href: &str) -> String {
    let s = href
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("mailto:")
        .trim_start_matches("tel:");
    let s = s.strip_prefix("www.").unwrap_or(s);
    s.trim_end_matches('/').to_string()
}

/// A link when `href` passed [`safe_href`] (external ones get `rel="noopener noreferrer"`),
/// otherwise the label as plain text.
#[component]
pub fn SafeLink(
    /// Already checked by one of this module's functions; `None` renders text.
    href: Option<String>,
    label: String,
) -> impl IntoView {
    match href {
        Some(href) => {
            let external = href.starts_with("http");
            let rel = external.then_some("noopener noreferrer");
            view! { <a href=href rel=rel>{label}</a> }.into_any()
        }
        None => view! { <span>{label}</span> }.into_any(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_mail_and_phone_links_become_hrefs() {
        let rows: &[(&str, Option<&str>, &str)] = &[
            (
                "https://ada.dev",
                Some("https://ada.dev"),
                "https is allowed",
            ),
            (
                "http://ada.dev/x?y=1",
                Some("http://ada.dev/x?y=1"),
                "http is allowed",
            ),
            (
                "mailto:ada@ada.dev",
                Some("mailto:ada@ada.dev"),
                "mailto is allowed",
            ),
            (
                "tel:+44 20 7946 0958",
                Some("tel:+442079460958"),
                "tel is allowed",
            ),
            (
                "github.com/ada",
                Some("https://github.com/ada"),
                "a bare host is read as https",
            ),
            ("javascript:alert(1)", None, "javascript is never a link"),
            (
                "JavaScript:alert(1)",
                None,
                "the scheme is compared without case",
            ),
            (
                " javascript:alert(1)",
                None,
                "leading spaces do not hide a scheme",
            ),
            ("data:text/html,<script>", None, "data is never a link"),
            ("/relative", None, "a relative path is not a profile link"),
            ("<script>alert(1)</script>", None, "markup is not a link"),
            ("tel:javascript", None, "tel needs digits"),
            ("https://", None, "a URL needs a host"),
            ("", None, "empty is no link"),
        ];
        for (input, expected, why) in rows {
            assert_eq!(safe_href(input).as_deref(), *expected, "{why}: {input:?}");
        }
    }

    #[test]
    fn handles_become_profile_urls_and_urls_stay_as_they_are() {
        assert_eq!(
            profile_href("@ada", "https://github.com/").as_deref(),
            Some("https://github.com/ada")
        );
        assert_eq!(
            profile_href("https://github.com/ada", "https://github.com/").as_deref(),
            Some("https://github.com/ada")
        );
        assert_eq!(profile_href("javascript:alert(1)", "https://x.com/"), None);
    }
}
