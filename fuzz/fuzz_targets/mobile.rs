//! Any text: a mobile (or ID number) is refused or parsed, and what anju
//! writes back parses to the same value.
#![no_main]

use anju_types::{IdNumber, MobilePhone};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Ok(mobile) = MobilePhone::parse(text) {
        assert_eq!(MobilePhone::parse(mobile.as_str()), Ok(mobile.clone()));
        assert_eq!(mobile.masked().chars().count(), 11);
    }
    if let Ok(id) = IdNumber::parse(text) {
        assert_eq!(IdNumber::parse(id.as_str()), Ok(id.clone()));
        assert_eq!(id.masked().chars().count(), 18);
    }
});
