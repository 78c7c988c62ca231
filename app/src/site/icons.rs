//! The site's icons: inline SVG, drawn for Vitae (no icon font, no request to anyone). Each is one
//! stroked path on a 24 × 24 grid, so every icon is the same element with other path data and
//! takes the text colour. Icons are decoration: the link or label next to one carries the name.

use leptos::prelude::*;

/// An envelope.
pub const EMAIL: &str =
    "M5 5h14a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V7a2 2 0 0 1 2-2zM3 7l9 6 9-6";
/// A handset.
pub const PHONE: &str =
    "M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2z";
/// A globe: a personal website.
pub const WEBSITE: &str =
    "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM3 12h18M12 3c3 3.5 3 14.5 0 18M12 3c-3 3.5-3 14.5 0 18";
/// A rounded square with "in" drawn as strokes.
pub const LINKEDIN: &str = "M6 3h12a3 3 0 0 1 3 3v12a3 3 0 0 1-3 3H6a3 3 0 0 1-3-3V6a3 3 0 0 1 3-3zM8 10v7M8 7v.01M12 17v-7M12 13a3 3 0 0 1 6 0v4";
/// A branch with two commits: code hosting (GitHub, GitLab, Codeberg).
pub const CODE: &str = "M6 4a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM6 16a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM18 6a2 2 0 1 0 0 4a2 2 0 1 0 0-4zM6 8v8M18 10a6 6 0 0 1-6 6H8";
/// An X of two strokes.
pub const X: &str = "M4 4h4.5L20 20h-4.5zM19.5 4l-6.1 6.9M4.5 20l6.1-6.9";
/// A disc with sound arcs: music profiles.
pub const MUSIC: &str = "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM7.5 9.5c3-1 6.5-.7 9 .8M8 12.5c2.5-.7 5.2-.4 7.3.8M8.5 15.3c2-.5 4-.3 5.7.6";
/// Two chain links: any other link.
pub const LINK: &str = "M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1";
/// A map pin.
pub const LOCATION: &str =
    "M12 21s-6-5.5-6-11a6 6 0 0 1 12 0c0 5.5-6 11-6 11zM12 8a2 2 0 1 0 0 4a2 2 0 1 0 0-4z";

/// The icon for a profile network as people write it ("GitHub", "linkedin", "Twitter/X").
pub fn for_network(network: &str) -> &'static str {
    let n = network.trim().to_ascii_lowercase();
    let has = |names: &[&str]| names.iter().any(|name| n.contains(name));
    if has(&["linkedin"]) {
        LINKEDIN
    } else if has(&["github", "gitlab", "codeberg", "bitbucket", "sourcehut"]) {
        CODE
    } else if n == "x" || has(&["twitter"]) {
        X
    } else if has(&["spotify", "soundcloud", "bandcamp", "music"]) {
        MUSIC
    } else if has(&["mail"]) {
        EMAIL
    } else if has(&["web", "site", "blog", "portfolio", "home"]) {
        WEBSITE
    } else {
        LINK
    }
}

/// One icon; hidden from assistive technology (its neighbour names it).
#[component]
pub fn Icon(path: &'static str) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d=path/>
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn networks_get_their_own_icon_and_anything_else_a_link() {
        assert_eq!(for_network("LinkedIn"), LINKEDIN);
        assert_eq!(for_network("GitLab"), CODE);
        assert_eq!(for_network("X"), X);
        assert_eq!(for_network("Twitter/X"), X);
        assert_eq!(for_network("Spotify"), MUSIC);
        assert_eq!(for_network("Personal website"), WEBSITE);
        assert_eq!(for_network("Mastodon"), LINK);
        assert_eq!(for_network(""), LINK);
    }
}
