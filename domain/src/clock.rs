use chrono::{DateTime, Duration, Utc};
use std::sync::{Arc, Mutex};

/// The time source of every rule that depends on time (token expiry, login
/// windows, SLAs, point expiry). Tests use a manual clock and move it.
#[derive(Clone, Debug, Default)]
pub enum Clock {
    #[default]
    System,
    Manual(Arc<Mutex<DateTime<Utc>>>),
}

impl Clock {
    pub fn manual(at: DateTime<Utc>) -> Clock {
        Clock::Manual(Arc::new(Mutex::new(at)))
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self {
            Clock::System => Utc::now(),
            Clock::Manual(at) => *at.lock().unwrap_or_else(|p| p.into_inner()),
        }
    }

    /// Moves a manual clock forward; the system clock cannot be moved.
    pub fn advance(&self, by: Duration) {
        if let Clock::Manual(at) = self {
            let mut at = at.lock().unwrap_or_else(|p| p.into_inner());
            *at += by;
        }
    }
}

/// The developer's business day: China Standard Time (UTC+8, no daylight
/// saving). "Today", "due" and birthdays are counted in it.
pub fn business_date(at: DateTime<Utc>) -> chrono::NaiveDate {
    (at + Duration::hours(8)).date_naive()
}

/// The instant a business day starts (00:00 Beijing time), in UTC.
pub fn business_day_start(d: chrono::NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() - Duration::hours(8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_business_day_starts_at_midnight_beijing_time() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default();
        let start = business_day_start(d);
        assert_eq!(start.to_rfc3339(), "2026-11-22T16:00:00+00:00");
        assert_eq!(business_date(start), d);
        assert_eq!(
            business_date(start - Duration::seconds(1)),
            d.pred_opt().unwrap_or(d)
        );
    }
}
