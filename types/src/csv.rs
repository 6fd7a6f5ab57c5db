//! The one rule for every CSV anju produces, on the server (the exports)
//! and in the browser (the dashboard's per-chart downloads): RFC 4180
//! quoting, and no cell a spreadsheet would run as a formula.

use std::borrow::Cow;

/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return would
/// run as a formula in Excel or WPS (`=HYPERLINK(…)`, `@SUM(…)`), so it gets
/// a leading `'`, which shows the text as typed. A plain decimal number
/// (`-5`, `1234567.00`) is left alone: spreadsheets read it as a number,
/// never as a formula, and amounts stay plain decimals.
pub fn safe_cell(s: &str) -> Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_plain_number(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// `-12`, `0.5`, `-1234567.00`: an optional minus, digits, an optional
/// fraction.
fn is_plain_number(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// One line of cells, each neutralised and quoted when it holds a comma,
/// a quote or a line break; without the line ending.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    cells
        .iter()
        .map(|c| {
            let cell = safe_cell(c.as_ref());
            if cell.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", cell.replace('"', "\"\""))
            } else {
                cell.into_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// A whole file: a BOM (so Excel reads the Chinese as UTF-8), the header,
/// then the rows, each line ending in CRLF.
pub fn document<S: AsRef<str>>(columns: &[S], rows: &[Vec<S>]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&line(columns));
    for r in rows {
        out.push_str("\r\n");
        out.push_str(&line(r));
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        for (cell, written) in [
            ("=1+2", "'=1+2"),
            ("+86 138", "'+86 138"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=cmd", "'\t=cmd"),
            ("\r=cmd", "'\r=cmd"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("-5", "-5"),
            ("-1234567.00", "-1234567.00"),
            ("1234567.00", "1234567.00"),
            ("张三", "张三"),
            ("", ""),
        ] {
            assert_eq!(safe_cell(cell), written, "{cell:?}");
        }
    }

    #[test]
    fn documents_quote_what_needs_it_and_start_with_a_bom() {
        let out = document(
            &["名称", "值"],
            &[
                vec!["a,b", "say \"hi\""],
                vec!["=HYPERLINK(\"x\")", "-3.50"],
            ],
        );
        assert_eq!(
            out,
            "\u{feff}名称,值\r\n\"a,b\",\"say \"\"hi\"\"\"\r\n\"'=HYPERLINK(\"\"x\"\")\",-3.50\r\n"
        );
    }
}
