//! Text that lands in an element the renderer does not escape.
//!
//! Two upstream gaps, worked around here until anju moves to versions that
//! close them:
//! - leptos_meta 0.8.7 writes the page title into `<title>` unescaped
//!   (`ServerMetaContext::inject_meta_context`, lib.rs:262-265);
//! - tachys 0.2.19 marks `<textarea>` as raw text (`ESCAPE_CHILDREN =
//!   false`, html/element/elements.rs:406), so its children are written as
//!   they are; escaping them is fixed upstream only in tachys 0.3 (leptos
//!   PR #4821).
//!
//! A member's request titled `</title><meta http-equiv="refresh" …>` would
//! otherwise end the element and add markup of their own to a staff page.
//! The text is escaped on the server only: in the browser the same value is
//! set as `document.title` or as a text node, where an entity would show
//! literally, and hydration keeps what the browser parsed from the server's
//! HTML.

/// `&`, `<` and `>` as entities: enough inside `<title>` and `<textarea>`,
/// which end only at their closing tag.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

/// For the text of a `<title>` (through the app's one title formatter) or
/// of a `<textarea>`: escaped when rendered on the server, as it is in the
/// browser.
pub fn server_escaped(s: String) -> String {
    if cfg!(feature = "ssr") { escape(&s) } else { s }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_cannot_end_the_element() {
        assert_eq!(
            escape(r#"</title><meta http-equiv="refresh" content="0;url=x">&amp;"#),
            r#"&lt;/title&gt;&lt;meta http-equiv="refresh" content="0;url=x"&gt;&amp;amp;"#
        );
        assert_eq!(escape("报修：厨房漏水"), "报修：厨房漏水");
    }
}
