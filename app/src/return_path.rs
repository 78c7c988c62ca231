//! Where to go after signing in: a `return_to` from the query string or a form, which anyone can
//! write, checked so the site never sends people elsewhere.

/// A path to go to after signing in, from an untrusted `return_to`: only a local path is
/// accepted (never `//host`, `/\host` or a scheme), so the form cannot send people elsewhere.
pub fn safe_return_path(raw: Option<&str>) -> String {
    const DEFAULT: &str = "/dashboard";
    let Some(path) = raw.map(str::trim) else {
        return DEFAULT.to_string();
    };
    let local = path.starts_with('/')
        && !path.starts_with("//")
        && !path.starts_with("/\\")
        && !path.chars().any(|c| c.is_control() || c == '\\')
        && path.len() <= 512;
    if local {
        path.to_string()
    } else {
        DEFAULT.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn return_paths_are_only_ever_local() {
        let rows = [
            (None, "/dashboard", "nothing given"),
            (
                Some("/dashboard/edit?x=1"),
                "/dashboard/edit?x=1",
                "a local path is kept",
            ),
            (
                Some("https://evil.example/"),
                "/dashboard",
                "an absolute URL",
            ),
            (
                Some("//evil.example/"),
                "/dashboard",
                "a scheme-relative URL",
            ),
            (Some("/\\evil.example"), "/dashboard", "a backslash trick"),
            (Some("javascript:alert(1)"), "/dashboard", "a script URL"),
            (Some("/a\nb"), "/dashboard", "a header-splitting newline"),
            (Some("dashboard"), "/dashboard", "a relative path"),
        ];
        for (raw, expected, why) in rows {
            assert_eq!(safe_return_path(raw), expected, "{why}");
        }
    }
}
