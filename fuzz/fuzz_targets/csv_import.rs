//! Any bytes as an uploaded customer file: refused as a whole (an encoding
//! anju cannot read) or every data row classified as a customer or an
//! error, never a panic.
#![no_main]

use anju_domain::DomainError;
use anju_domain::customers::import;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).expect("a date");
    match import::dry_run(bytes, today) {
        Ok(run) => assert_eq!(run.valid + run.errors, run.rows),
        Err(e) => assert!(matches!(e, DomainError::Validation(_)), "{e:?}"),
    }
});
