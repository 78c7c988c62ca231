//! `SafeUrl` accepts exactly http, https and mailto links.

use proptest::prelude::*;
use resume::SafeUrl;

#[test]
fn links_are_accepted_or_refused_by_scheme() {
    let rows = [
        ("https://example.com", true, "https with a host"),
        (
            "http://example.com/a?b#c",
            true,
            "http with path, query and fragment",
        ),
        ("mailto:a@example.com", true, "mailto with an address"),
        ("HTTPS://EXAMPLE.COM", true, "schemes are case-insensitive"),
        ("javascript:alert(1)", false, "javascript is never a link"),
        ("data:text/html,hi", false, "data URLs can carry scripts"),
        ("https://", false, "no host"),
        ("https://exa mple.com", false, "a space"),
        ("mailto:", false, "mailto without an address"),
        ("example.com", false, "no scheme"),
    ];
    for (input, ok, why) in rows {
        assert_eq!(SafeUrl::parse(input).is_ok(), ok, "{why}: {input:?}");
    }
}

#[test]
fn a_link_is_as_long_as_a_line_counted_in_characters() {
    let at_limit = format!("https://example.com/{}", "é".repeat(resume::MAX_LINE - 20));
    assert_eq!(at_limit.chars().count(), resume::MAX_LINE);
    assert!(
        SafeUrl::parse(&at_limit).is_ok(),
        "500 characters (more bytes) is a line"
    );
    let over = format!("{at_limit}é");
    assert!(SafeUrl::parse(&over).is_err(), "501 characters is too long");
}

proptest! {
    #[test]
    fn any_accepted_link_starts_with_an_allowed_scheme(s in "\\PC{0,40}") {
        if let Ok(u) = SafeUrl::parse(&s) {
            let l = u.as_ref().to_ascii_lowercase();
            prop_assert!(l.starts_with("http://") || l.starts_with("https://") || l.starts_with("mailto:"));
            prop_assert!(!u.as_ref().chars().any(char::is_control));
        }
    }

    #[test]
    fn https_links_to_plain_hosts_are_accepted(host in "[a-z][a-z0-9-]{0,20}\\.[a-z]{2,6}", path in "(/[a-z0-9_-]{0,10}){0,3}") {
        let url = format!("https://{host}{path}");
        prop_assert!(SafeUrl::parse(&url).is_ok(), "{}", url);
    }
}
