//! SLA clocks. A target is a number of minutes counted either on the wall
//! clock or in business hours (09:00–18:00 Beijing time, Monday to Friday;
//! public holidays are not modelled). Pauses (awaiting the customer) push
//! every due time back by the paused duration, counted the same way.

use anju_types::{TicketChannel, TicketKind, TicketPriority};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveTime, TimeZone, Utc, Weekday};

const OPEN_HOUR: u32 = 9;
const CLOSE_HOUR: u32 = 18;
/// A warning goes out when this share of the target has elapsed.
pub const WARN_PERCENT: i64 = 80;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SlaPolicy {
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
    pub business_hours: bool,
}

/// The built-in policy for a kind and priority (an administrator's row in
/// `sla_policies` overrides it).
pub fn default_policy(kind: TicketKind, priority: TicketPriority) -> SlaPolicy {
    use TicketPriority as P;
    let (first, resolution) = match priority {
        P::Urgent => (30, 8 * 60),
        P::High => (2 * 60, 24 * 60),
        P::Normal => (24 * 60, 72 * 60),
        P::Low => (24 * 60, 7 * 24 * 60),
    };
    // An inquiry needs an answer, not a repair crew.
    let resolution = match kind {
        TicketKind::Inquiry => resolution.min(24 * 60),
        _ => resolution,
    };
    SlaPolicy {
        first_response_minutes: first,
        resolution_minutes: resolution,
        business_hours: false,
    }
}

/// A caller on the hotline is answered within 2 hours whatever the policy.
pub fn first_response_minutes(policy: &SlaPolicy, channel: TicketChannel) -> i64 {
    match channel {
        TicketChannel::Hotline => policy.first_response_minutes.min(120),
        _ => policy.first_response_minutes,
    }
}

fn beijing() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8")
}

/// The business window (open, close) of the day `t` falls on, in UTC, or
/// `None` on weekends.
fn window_of_day(t: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let local = t.with_timezone(&beijing()).date_naive();
    if matches!(local.weekday(), Weekday::Sat | Weekday::Sun) {
        return None;
    }
    let at = |h| {
        beijing()
            .from_local_datetime(&local.and_time(NaiveTime::from_hms_opt(h, 0, 0).expect("hour")))
            .single()
            .expect("fixed offset")
            .with_timezone(&Utc)
    };
    Some((at(OPEN_HOUR), at(CLOSE_HOUR)))
}

/// The start of the next business day after `t`'s day.
fn next_day_start(t: DateTime<Utc>) -> DateTime<Utc> {
    let local = t.with_timezone(&beijing()).date_naive() + Duration::days(1);
    beijing()
        .from_local_datetime(&local.and_time(NaiveTime::MIN))
        .single()
        .expect("fixed offset")
        .with_timezone(&Utc)
}

/// `start` plus `minutes`, on the wall clock or in business hours.
pub fn add_minutes(start: DateTime<Utc>, minutes: i64, business_hours: bool) -> DateTime<Utc> {
    if !business_hours {
        return start + Duration::minutes(minutes);
    }
    let mut left = Duration::minutes(minutes.max(0));
    let mut t = start;
    loop {
        match window_of_day(t) {
            Some((open, close)) if t < close => {
                let from = t.max(open);
                if from + left <= close {
                    return from + left;
                }
                left -= close - from;
            }
            _ => {}
        }
        t = next_day_start(t);
    }
}

/// Minutes counted between `a` and `b` (0 when `b <= a`).
pub fn minutes_between(a: DateTime<Utc>, b: DateTime<Utc>, business_hours: bool) -> i64 {
    if b <= a {
        return 0;
    }
    if !business_hours {
        return (b - a).num_minutes();
    }
    let mut total = Duration::zero();
    let mut t = a;
    while t < b {
        if let Some((open, close)) = window_of_day(t) {
            let from = t.max(open);
            let to = b.min(close);
            if to > from {
                total += to - from;
            }
        }
        t = next_day_start(t);
    }
    total.num_minutes()
}

/// When the warning for a target of `minutes` from `start` is due.
pub fn warn_at(start: DateTime<Utc>, minutes: i64, business_hours: bool) -> DateTime<Utc> {
    add_minutes(start, minutes * WARN_PERCENT / 100, business_hours)
}

/// A due time moved back by a pause from `paused_at` to `resumed_at`.
pub fn extend(
    due: DateTime<Utc>,
    paused_at: DateTime<Utc>,
    resumed_at: DateTime<Utc>,
    business_hours: bool,
) -> DateTime<Utc> {
    if !business_hours {
        return due + (resumed_at - paused_at).max(Duration::zero());
    }
    add_minutes(
        due,
        minutes_between(paused_at, resumed_at, business_hours),
        true,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Beijing local time → UTC.
    fn bj(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_str(&format!("{s} +0800"), "%Y-%m-%d %H:%M %z")
            .expect("time")
            .with_timezone(&Utc)
    }

    #[test]
    fn due_times_on_the_wall_clock_and_in_business_hours() {
        // 2026-11-23 is a Monday.
        let cases = [
            // (start, minutes, business hours, due)
            ("2026-11-23 10:00", 120, false, "2026-11-23 12:00"),
            ("2026-11-23 23:00", 120, false, "2026-11-24 01:00"),
            ("2026-11-23 10:00", 120, true, "2026-11-23 12:00"),
            // Runs past closing: continues at 09:00 the next day.
            ("2026-11-23 17:00", 120, true, "2026-11-24 10:00"),
            // Opened at night: the clock starts at 09:00.
            ("2026-11-23 22:00", 60, true, "2026-11-24 10:00"),
            ("2026-11-24 07:30", 30, true, "2026-11-24 09:30"),
            // Friday afternoon to Monday morning.
            ("2026-11-27 17:00", 120, true, "2026-11-30 10:00"),
            // Opened on Saturday.
            ("2026-11-28 11:00", 60, true, "2026-11-30 10:00"),
            // A full 24 business hours is 2 days and 6 hours of windows.
            ("2026-11-23 09:00", 24 * 60, true, "2026-11-25 15:00"),
            // Exactly at closing stays at closing.
            ("2026-11-23 17:00", 60, true, "2026-11-23 18:00"),
        ];
        for (start, minutes, business, due) in cases {
            assert_eq!(
                add_minutes(bj(start), minutes, business),
                bj(due),
                "{start} + {minutes} min (business: {business})"
            );
        }
    }

    #[test]
    fn minutes_between_count_only_what_the_clock_counts() {
        let cases = [
            ("2026-11-23 10:00", "2026-11-23 12:30", false, 150),
            ("2026-11-23 10:00", "2026-11-23 12:30", true, 150),
            ("2026-11-23 17:00", "2026-11-24 10:00", true, 120),
            ("2026-11-27 17:00", "2026-11-30 10:00", true, 120),
            ("2026-11-28 10:00", "2026-11-29 18:00", true, 0),
            ("2026-11-23 12:00", "2026-11-23 10:00", true, 0),
        ];
        for (a, b, business, expected) in cases {
            assert_eq!(
                minutes_between(bj(a), bj(b), business),
                expected,
                "{a} → {b}"
            );
        }
    }

    #[test]
    fn pauses_push_the_due_time_back_and_warnings_come_at_80_percent() {
        // Paused for 3 wall-clock hours.
        assert_eq!(
            extend(
                bj("2026-11-23 20:00"),
                bj("2026-11-23 12:00"),
                bj("2026-11-23 15:00"),
                false
            ),
            bj("2026-11-23 23:00")
        );
        // Paused overnight in business hours: only 17:00–18:00 and 09:00–10:00 count.
        assert_eq!(
            extend(
                bj("2026-11-24 11:00"),
                bj("2026-11-23 17:00"),
                bj("2026-11-24 10:00"),
                true
            ),
            bj("2026-11-24 13:00")
        );
        assert_eq!(
            warn_at(bj("2026-11-23 10:00"), 100, false),
            bj("2026-11-23 11:20")
        );
        assert_eq!(
            warn_at(bj("2026-11-23 17:00"), 150, true),
            bj("2026-11-24 10:00")
        );
    }

    #[test]
    fn default_policies_and_the_hotline_cap() {
        let complaint = default_policy(TicketKind::Complaint, TicketPriority::Normal);
        assert_eq!(complaint.first_response_minutes, 24 * 60);
        assert_eq!(
            first_response_minutes(&complaint, TicketChannel::Hotline),
            120
        );
        assert_eq!(
            first_response_minutes(&complaint, TicketChannel::Portal),
            24 * 60
        );
        let inquiry = default_policy(TicketKind::Inquiry, TicketPriority::Low);
        assert_eq!(inquiry.resolution_minutes, 24 * 60);
    }
}
