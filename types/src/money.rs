use serde::{Deserialize, Serialize};
use std::fmt;

/// An exact amount of money in yuan, held as whole fen (分, 1/100 yuan).
/// Never floating point: prices, deposits and discounts add up exactly.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error("not a number")]
    NotANumber,
    #[error("at most two decimal places")]
    TooPrecise,
    #[error("out of range")]
    OutOfRange,
}

impl Money {
    pub const ZERO: Money = Money(0);
    /// The largest amount any money field takes: ¥10,000,000,000.00 (百亿).
    /// Far above any price, discount, payment or campaign cost, and small
    /// enough that millions of them still add up within an `i64` of fen.
    pub const MAX: Money = Money(1_000_000_000_000);

    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    pub fn from_yuan(yuan: i64) -> Money {
        Money(yuan * 100)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    /// Parses `1234567`, `1,234,567.5` or `¥1234567.50`.
    pub fn parse(input: &str) -> Result<Money, AmountError> {
        parse_hundredths(input.trim().trim_start_matches('¥')).map(Money)
    }

    /// `1234567.00`: no symbol or grouping, for CSV cells and form values.
    pub fn plain(self) -> String {
        plain_hundredths(self.0)
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    /// An amount typed into a money field: exact to the fen, not negative
    /// (above zero when `positive`) and at most [`Money::MAX`]. The error
    /// is the field code: `invalid_amount` (not a number, too precise, or
    /// not above zero) or `amount_too_large`.
    pub fn parse_field(input: &str, positive: bool) -> Result<Money, &'static str> {
        match Money::parse(input) {
            Ok(m) if m > Money::MAX => Err("amount_too_large"),
            Ok(m) if m.0 > 0 || (m.0 == 0 && !positive) => Ok(m),
            Ok(_) | Err(AmountError::NotANumber | AmountError::TooPrecise) => Err("invalid_amount"),
            Err(AmountError::OutOfRange) => Err("amount_too_large"),
        }
    }
}

impl fmt::Display for Money {
    /// `¥1,234,567.00`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "¥{}", format_hundredths(self.0))
    }
}

/// A floor area in square metres, held as hundredths of a m².
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Area(i64);

impl Area {
    pub const fn from_centi_m2(v: i64) -> Area {
        Area(v)
    }

    pub fn centi_m2(self) -> i64 {
        self.0
    }

    pub fn parse(input: &str) -> Result<Area, AmountError> {
        parse_hundredths(input.trim().trim_end_matches("m²").trim()).map(Area)
    }

    /// `89.50`, without the unit.
    pub fn plain(self) -> String {
        plain_hundredths(self.0)
    }
}

fn plain_hundredths(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let abs = v.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

impl fmt::Display for Area {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} m²", format_hundredths(self.0))
    }
}

fn parse_hundredths(s: &str) -> Result<i64, AmountError> {
    let s: String = s.chars().filter(|c| *c != ',').collect();
    let (negative, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, s),
    };
    let (whole, frac) = match s.split_once('.') {
        Some((w, f)) => (w, f),
        None => (s.as_str(), ""),
    };
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountError::NotANumber);
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(AmountError::NotANumber);
    }
    if frac.len() > 2 {
        return Err(AmountError::TooPrecise);
    }
    let whole: i64 = whole.parse().map_err(|_| AmountError::OutOfRange)?;
    let frac_value: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().map_err(|_| AmountError::NotANumber)? * 10,
        _ => frac.parse().map_err(|_| AmountError::NotANumber)?,
    };
    let value = whole
        .checked_mul(100)
        .and_then(|v| v.checked_add(frac_value))
        .ok_or(AmountError::OutOfRange)?;
    Ok(if negative { -value } else { value })
}

fn format_hundredths(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let abs = v.unsigned_abs();
    format!("{sign}{}.{:02}", grouped(abs / 100), abs % 100)
}

/// A count with a thousands separator: `1234567` → `1,234,567`.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_amounts_have_no_symbol_or_grouping() {
        assert_eq!(Money::from_fen(123_456_789).plain(), "1234567.89");
        assert_eq!(Money::from_fen(-5).plain(), "-0.05");
        assert_eq!(Area::from_centi_m2(8950).plain(), "89.50");
    }

    #[test]
    fn parses_and_formats_exactly() {
        assert_eq!(
            Money::parse("1,234,567.5"),
            Ok(Money::from_fen(123_456_750))
        );
        assert_eq!(Money::parse("¥0.01"), Ok(Money::from_fen(1)));
        assert_eq!(Money::from_fen(123_456_750).to_string(), "¥1,234,567.50");
        assert_eq!(Money::from_fen(-5).to_string(), "¥-0.05");
        assert_eq!(Money::parse("0.1").map(|m| m.fen()), Ok(10));
    }

    #[test]
    fn rejects_inexact_or_malformed_amounts() {
        assert_eq!(Money::parse("1.005"), Err(AmountError::TooPrecise));
        assert_eq!(Money::parse("abc"), Err(AmountError::NotANumber));
        assert_eq!(Money::parse(""), Err(AmountError::NotANumber));
        assert_eq!(Money::parse("1e5"), Err(AmountError::NotANumber));
        assert_eq!(
            Money::parse("99999999999999999999"),
            Err(AmountError::OutOfRange)
        );
    }

    #[test]
    fn money_fields_take_exact_amounts_up_to_ten_billion() {
        assert_eq!(Money::parse_field("0", false), Ok(Money::ZERO));
        assert_eq!(Money::parse_field("0", true), Err("invalid_amount"));
        assert_eq!(Money::parse_field("-1", false), Err("invalid_amount"));
        assert_eq!(Money::parse_field("1.001", false), Err("invalid_amount"));
        assert_eq!(Money::parse_field("10,000,000,000", true), Ok(Money::MAX));
        assert_eq!(
            Money::parse_field("10000000000.01", true),
            Err("amount_too_large")
        );
        assert_eq!(
            Money::parse_field("99999999999999999999", true),
            Err("amount_too_large")
        );
    }

    #[test]
    fn areas_use_the_same_exact_arithmetic() {
        assert_eq!(Area::parse("89.5 m²"), Ok(Area::from_centi_m2(8950)));
        assert_eq!(Area::from_centi_m2(8950).to_string(), "89.50 m²");
    }
}
