use serde::{Deserialize, Serialize};
use std::fmt;

/// A mainland China mobile number, normalised to its 11 national digits
/// (`13800000001`). Accepts the forms people actually type: spaces, dashes,
/// and a `+86` / `0086` / `86` country prefix.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MobilePhone(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("mobile number is empty")]
    Empty,
    #[error("mobile number may contain only digits, spaces, dashes and a +86 prefix")]
    BadCharacters,
    #[error("a mainland mobile number has 11 digits starting with 1")]
    WrongShape,
}

impl MobilePhone {
    pub fn parse(input: &str) -> Result<MobilePhone, PhoneError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(PhoneError::Empty);
        }
        let mut digits = String::with_capacity(16);
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                ' ' | '-' | '(' | ')' => {}
                '+' if i == 0 => {}
                _ => return Err(PhoneError::BadCharacters),
            }
        }
        let national = if digits.len() == 15 && digits.starts_with("0086") {
            &digits[4..]
        } else if digits.len() == 13 && digits.starts_with("86") {
            &digits[2..]
        } else {
            digits.as_str()
        };
        let bytes = national.as_bytes();
        // Mainland mobile ranges all start 13x–19x.
        if bytes.len() != 11 || bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err(PhoneError::WrongShape);
        }
        Ok(MobilePhone(national.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****0001`: for lists and logs where the full number is not needed.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for MobilePhone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for MobilePhone {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        MobilePhone::parse(&value)
    }
}

impl From<MobilePhone> for String {
    fn from(value: MobilePhone) -> Self {
        value.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_forms_people_type() {
        for input in [
            "13800000001",
            " 138 0000 0001 ",
            "138-0000-0001",
            "+86 138 0000 0001",
            "+8613800000001",
            "008613800000001",
            "8613800000001",
        ] {
            assert_eq!(
                MobilePhone::parse(input).map(|p| p.to_string()),
                Ok("13800000001".to_owned()),
                "{input}"
            );
        }
    }

    #[test]
    fn rejects_what_is_not_a_mainland_mobile() {
        assert_eq!(MobilePhone::parse(""), Err(PhoneError::Empty));
        assert_eq!(MobilePhone::parse("   "), Err(PhoneError::Empty));
        assert_eq!(
            MobilePhone::parse("1380000000"),
            Err(PhoneError::WrongShape)
        );
        assert_eq!(
            MobilePhone::parse("138000000012"),
            Err(PhoneError::WrongShape)
        );
        assert_eq!(
            MobilePhone::parse("12800000001"),
            Err(PhoneError::WrongShape)
        );
        assert_eq!(
            MobilePhone::parse("02112345678"),
            Err(PhoneError::WrongShape)
        );
        assert_eq!(
            MobilePhone::parse("1380000000a"),
            Err(PhoneError::BadCharacters)
        );
        assert_eq!(
            MobilePhone::parse("138+00000001"),
            Err(PhoneError::BadCharacters)
        );
        assert_eq!(MobilePhone::parse("admin"), Err(PhoneError::BadCharacters));
    }

    #[test]
    fn masks_the_middle_four_digits() {
        let phone = MobilePhone::parse("13800000001").expect("valid");
        assert_eq!(phone.masked(), "138****0001");
    }
}
