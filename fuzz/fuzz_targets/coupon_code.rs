//! Any text: a coupon code is refused or parsed, and the grouped form anju
//! shows reads back as the same code.
#![no_main]

use anju_domain::club::coupons::{grouped, parse_code};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some(code) = parse_code(text) {
        assert_eq!(parse_code(&grouped(&code)), Some(code.clone()));
    }
});
