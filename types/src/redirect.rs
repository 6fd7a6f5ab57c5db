//! The one guard for where anju sends a browser after signing in, switching
//! language or posting a form: a path on this site, nothing else.

/// `next` when it is a path of this site, else `None`.
///
/// Browsers are lenient with what follows `Location:`: they drop tabs and
/// line breaks (`/\t/evil.example` becomes `//evil.example`, another host),
/// read `\` as `/`, and take `//host` or `scheme:` as another site. So only
/// a path that starts with one `/`, followed by anything but `/` or `\`, and
/// holds no control character or backslash anywhere, is kept.
pub fn local_path(next: &str) -> Option<&str> {
    let mut chars = next.chars();
    let starts_alone = chars.next() == Some('/') && !matches!(chars.next(), Some('/' | '\\'));
    let clean = !next.chars().any(|c| c.is_control() || c == '\\');
    (starts_alone && clean).then_some(next)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_of_this_site_are_kept() {
        for ok in [
            "/",
            "/console",
            "/tickets/12?tab=photos#top",
            "/a//b",
            "/%2F/x",
        ] {
            assert_eq!(local_path(ok), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "console",
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "\t//evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "/ok\\..\\evil",
            "/\u{7f}/evil.example",
            "/\u{85}x",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }
}
