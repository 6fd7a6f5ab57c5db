//! Any text: a ticket number is refused or parsed, and the number anju
//! prints for what it parsed reads back the same.
#![no_main]

use anju_types::ticket::{parse_ticket_number, ticket_number};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Some((year, id)) = parse_ticket_number(text) {
        assert!(id > 0);
        assert_eq!(
            parse_ticket_number(&ticket_number(year, id)),
            Some((year, id))
        );
    }
});
