//! Dates and times as people in China read them: Beijing time (UTC+8).
//! Formatted by hand: chrono's strftime machinery would add ~0.4 MB to the
//! wasm bundle for two fixed patterns.

use chrono::{DateTime, Datelike, Duration, Timelike, Utc};

fn beijing(t: DateTime<Utc>) -> chrono::NaiveDateTime {
    (t + Duration::hours(8)).naive_utc()
}

/// `2026-11-23`
pub fn date(t: DateTime<Utc>) -> String {
    day(beijing(t).date())
}

/// `2026-11-23 17:05`
pub fn date_time(t: DateTime<Utc>) -> String {
    let b = beijing(t);
    format!("{} {:02}:{:02}", date(t), b.hour(), b.minute())
}

/// A calendar date: `2026-11-28`.
pub fn day(d: chrono::NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// `2026-11-24 14:00 – 16:00`, or both in full when the span crosses days.
pub fn span(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    let end = beijing(to);
    if beijing(from).date() == end.date() {
        format!(
            "{} – {:02}:{:02}",
            date_time(from),
            end.hour(),
            end.minute()
        )
    } else {
        format!("{} – {}", date_time(from), date_time(to))
    }
}
