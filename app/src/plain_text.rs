//! A plain-text wire format for the server functions the portal's islands
//! call, and for every server function's error ([`AppError`]).
//!
//! Why not JSON: JSON decoding is the largest part of a small wasm bundle
//! (serde_json, and the float formatting its error messages pull in: about
//! 50 kB of the portal's 344). What these replies carry is small and
//! line-shaped — a status, a few links, an error code with its fields — so
//! a line per item, tab between parts, is enough and needs no parser.

use crate::error::{AppError, FieldIssue};
use anju_types::ErrorCode;
use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use std::fmt;

/// A value that travels as plain text.
pub trait PlainText: Sized {
    fn to_text(&self) -> String;
    /// `None` when the text is not such a value.
    fn from_text(text: &str) -> Option<Self>;
}

/// The encoding: `text/plain`, UTF-8.
pub struct PlainTextEncoding;

/// A server function's output as plain text in the body of a `POST` reply:
/// `#[server(output = Text)]`.
pub type Text = Post<PlainTextEncoding>;

/// The reply was not what the server function returns.
#[derive(Debug)]
pub struct Malformed;

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("malformed plain-text reply")
    }
}

impl ContentType for PlainTextEncoding {
    const CONTENT_TYPE: &'static str = "text/plain; charset=utf-8";
}

impl FormatType for PlainTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: PlainText> Encodes<T> for PlainTextEncoding {
    type Error = Malformed;

    fn encode(output: &T) -> Result<Bytes, Malformed> {
        Ok(output.to_text().into())
    }
}

impl<T: PlainText> Decodes<T> for PlainTextEncoding {
    type Error = Malformed;

    fn decode(bytes: Bytes) -> Result<T, Malformed> {
        std::str::from_utf8(&bytes)
            .ok()
            .and_then(T::from_text)
            .ok_or(Malformed)
    }
}

impl PlainText for () {
    fn to_text(&self) -> String {
        String::new()
    }

    fn from_text(_: &str) -> Option<()> {
        Some(())
    }
}

impl PlainText for String {
    fn to_text(&self) -> String {
        self.clone()
    }

    fn from_text(text: &str) -> Option<String> {
        Some(text.to_owned())
    }
}

/// Links: a line each, `id<TAB>title` (a title is one line of text; tabs
/// and line breaks in it become spaces).
impl PlainText for Vec<(i64, String)> {
    fn to_text(&self) -> String {
        self.iter()
            .map(|(id, title)| format!("{id}\t{}\n", one_line(title)))
            .collect()
    }

    fn from_text(text: &str) -> Option<Self> {
        text.lines()
            .map(|line| {
                let (id, title) = line.split_once('\t')?;
                Some((id.parse().ok()?, title.to_owned()))
            })
            .collect()
    }
}

/// Codes only, as ever: the code, the conflict's reason, the existing
/// record, then a line per refused field (`field<TAB>code`). Every part is
/// a snake_case code or a number.
impl PlainText for AppError {
    fn to_text(&self) -> String {
        let mut text = format!(
            "{}\n{}\n{}\n",
            self.code.as_str(),
            self.reason.as_deref().map(one_line).unwrap_or_default(),
            self.existing_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
        );
        for f in &self.fields {
            text.push_str(&format!("{}\t{}\n", one_line(&f.field), one_line(&f.code)));
        }
        text
    }

    fn from_text(text: &str) -> Option<AppError> {
        let mut lines = text.lines();
        let mut err = AppError::new(ErrorCode::parse(lines.next()?)?);
        err.reason = Some(lines.next()?)
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        err.existing_id = match lines.next()? {
            "" => None,
            id => Some(id.parse().ok()?),
        };
        err.fields = lines
            .map(|line| {
                let (field, code) = line.split_once('\t')?;
                Some(FieldIssue {
                    field: field.to_owned(),
                    code: code.to_owned(),
                })
            })
            .collect::<Option<_>>()?;
        Some(err)
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_comes_back_as_it_went() {
        let mut err = AppError::new(ErrorCode::ValidationFailed);
        err.fields = vec![
            FieldIssue {
                field: "mobile".into(),
                code: "invalid_mobile".into(),
            },
            FieldIssue {
                field: "name".into(),
                code: "required".into(),
            },
        ];
        err.existing_id = Some(42);
        assert_eq!(AppError::from_text(&err.to_text()), Some(err));

        let mut conflict = AppError::new(ErrorCode::Conflict);
        conflict.reason = Some("already_known".into());
        assert_eq!(AppError::from_text(&conflict.to_text()), Some(conflict));

        let plain = AppError::new(ErrorCode::Forbidden);
        assert_eq!(plain.to_text(), "forbidden\n\n\n");
        assert_eq!(AppError::from_text(&plain.to_text()), Some(plain));
    }

    #[test]
    fn what_is_not_an_error_is_refused() {
        for text in [
            "",
            "no_such_code\n\n\n",
            "forbidden\n",
            "conflict\n\nx\n",
            "forbidden\n\n\nfield-without-code\n",
        ] {
            assert_eq!(AppError::from_text(text), None, "{text:?}");
        }
    }

    #[test]
    fn links_keep_their_titles_on_one_line() {
        let links = vec![
            (3, "漏水怎么办".to_owned()),
            (7, "门窗\t维修\n指引".to_owned()),
        ];
        let back = Vec::<(i64, String)>::from_text(&links.to_text()).expect("links");
        assert_eq!(
            back,
            vec![
                (3, "漏水怎么办".to_owned()),
                (7, "门窗 维修 指引".to_owned())
            ]
        );
        assert_eq!(Vec::<(i64, String)>::from_text(""), Some(vec![]));
        assert_eq!(Vec::<(i64, String)>::from_text("x\ttitle\n"), None);
    }
}
