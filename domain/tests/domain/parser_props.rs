//! Fuzzing of everything that parses what people type or files they upload,
//! on stable in every test run (the cargo-fuzz targets in `fuzz/` search the
//! same parsers longer, on nightly): any
//! input is refused cleanly or accepted, never a panic, and what the system
//! writes itself always reads back the same.

use crate::support::{actor, seeded};
use anju_domain::DomainError;
use anju_domain::club::coupons::{grouped, new_code, parse_code};
use anju_domain::customers::import;
use anju_domain::entity::customer;
use anju_domain::idempotency::IdempotencyKey;
use anju_types::customer_import::{ImportStart, ImportStatus};
use anju_types::ticket::{parse_ticket_number, ticket_number};
use anju_types::{Area, IdNumber, MobilePhone, Money};
use proptest::prelude::*;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_is_refused_cleanly_or_parsed(s in any::<String>()) {
        if let Ok(m) = MobilePhone::parse(&s) {
            prop_assert_eq!(MobilePhone::parse(m.as_str()), Ok(m.clone()));
            prop_assert_eq!(m.masked().chars().count(), 11);
        }
        if let Ok(id) = IdNumber::parse(&s) {
            prop_assert_eq!(IdNumber::parse(id.as_str()), Ok(id.clone()));
            prop_assert_eq!(id.masked().chars().count(), 18);
        }
        if let Ok(m) = Money::parse(&s) {
            prop_assert_eq!(Money::parse(&m.plain()), Ok(m));
        }
        if let Ok(a) = Area::parse(&s) {
            prop_assert_eq!(Area::parse(&a.plain()), Ok(a));
        }
        if let Some((year, id)) = parse_ticket_number(&s) {
            prop_assert!(id > 0);
            prop_assert_eq!(parse_ticket_number(&ticket_number(year, id)), Some((year, id)));
        }
        if let Some(code) = parse_code(&s) {
            prop_assert_eq!(parse_code(&grouped(&code)), Some(code.clone()));
        }
        if let Ok(key) = IdempotencyKey::parse(&s) {
            prop_assert_eq!(key.as_str(), s.as_str());
        }
    }

    #[test]
    fn a_mobile_reads_the_same_however_it_is_typed(
        second in 3u8..=9,
        rest in "[0-9]{9}",
        prefix in prop::sample::select(vec!["", "+86", "86", "0086", "+86 ", "86-"]),
        gaps in prop::sample::select(vec!["", " ", "-"]),
    ) {
        let national = format!("1{second}{rest}");
        let typed = format!(
            "{prefix}{}{gaps}{}{gaps}{}",
            &national[..3], &national[3..7], &national[7..]
        );
        let parsed = MobilePhone::parse(&typed).map(|m| m.as_str().to_owned());
        prop_assert_eq!(parsed, Ok(national));
    }

    #[test]
    fn an_id_number_with_its_check_digit_parses(digits in "[0-9]{17}", lower in any::<bool>()) {
        const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];
        let sum: u32 = digits.bytes().zip(WEIGHTS).map(|(b, w)| u32::from(b - b'0') * w).sum();
        let id = format!("{digits}{}", CHECK[(sum % 11) as usize]);
        let typed = if lower { id.to_lowercase() } else { id.clone() };
        prop_assert_eq!(IdNumber::parse(&typed).map(|i| i.as_str().to_owned()), Ok(id.clone()));
        // One wrong digit is caught.
        let wrong = format!("{}{}", if &digits[..1] == "9" { "0" } else { "9" }, &id[1..]);
        prop_assert!(IdNumber::parse(&wrong).is_err());
    }

    #[test]
    fn amounts_round_trip(fen in -i64::MAX..=i64::MAX) {
        let m = Money::from_fen(fen);
        prop_assert_eq!(Money::parse(&m.plain()), Ok(m));
        prop_assert_eq!(Money::parse(&m.to_string()), Ok(m));
        let a = Area::from_centi_m2(fen);
        prop_assert_eq!(Area::parse(&a.to_string()), Ok(a));
    }

    #[test]
    fn ticket_numbers_round_trip(year in 1000i32..=9999, id in 1i64..=i64::MAX) {
        prop_assert_eq!(parse_ticket_number(&ticket_number(year, id)), Some((year, id)));
    }

    #[test]
    fn a_coupon_code_reads_back_however_it_is_shown(spaced in any::<bool>(), lower in any::<bool>()) {
        let code = new_code();
        let mut shown = if spaced { grouped(&code).replace('-', " ") } else { grouped(&code) };
        if lower {
            shown = shown.to_lowercase();
        }
        prop_assert_eq!(parse_code(&shown), Some(code));
    }

    #[test]
    fn any_bytes_decode_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        match import::decode(&bytes) {
            Ok((text, encoding)) => prop_assert!(encoding == "utf-8" || encoding == "gbk", "{text}"),
            Err(e) => prop_assert!(matches!(e, DomainError::Validation(_)), "{e:?}"),
        }
        let headers: Vec<String> = String::from_utf8_lossy(&bytes).split(',').map(str::to_owned).collect();
        let mapping = import::guess_mapping(&headers);
        prop_assert!(mapping.values().all(|c| *c < headers.len()));
    }
}

/// A cell of a customer file as people make them: names, mobiles in any
/// form, dates, quotes, stray commas and line breaks, and plain junk.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[张王李赵][伟芳娜磊]{1,2}",
        "1[3-9][0-9]{9}",
        "\\+86 1[3-9][0-9]{2}-[0-9]{4}-[0-9]{4}",
        "[0-9]{1,14}",
        "(19|20)[0-9]{2}[-/][0-9]{1,2}[-/][0-9]{1,2}",
        Just(String::new()),
        Just("\"引号\"\"里\"".to_owned()),
        Just("\"a,b\nc\"".to_owned()),
        any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

fn csv_file() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::collection::vec(cell(), 1..6), 0..12).prop_map(|rows| {
        let mut text = "姓名,手机,性别,生日,备注\n".to_owned();
        for row in rows {
            text.push_str(&row.join(","));
            text.push('\n');
        }
        text
    })
}

#[test]
fn any_customer_file_imports_every_row_once_or_is_refused() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (tdb, svc) = rt.block_on(seeded());
    let manager = rt.block_on(actor(&svc, "manager1"));
    let now = svc.clock.now();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&csv_file(), |file| {
            rt.block_on(async {
                let before = customer::Entity::find()
                    .count(&svc.db)
                    .await
                    .expect("count");
                let last_id = customer::Entity::find()
                    .order_by_desc(customer::Column::Id)
                    .one(&svc.db)
                    .await
                    .expect("last")
                    .map_or(0, |c| c.id);
                let up = match import::upload(&svc.db, &manager, "fuzz.csv", file.as_bytes(), now)
                    .await
                {
                    Ok(up) => up,
                    Err(DomainError::Validation(_)) => {
                        let after = customer::Entity::find()
                            .count(&svc.db)
                            .await
                            .expect("count");
                        assert_eq!(after, before, "a refused file creates nobody");
                        return;
                    }
                    Err(e) => panic!("{file:?}: {e:?}"),
                };
                let start = ImportStart {
                    mapping: [("name".to_owned(), 0), ("mobile".to_owned(), 1)].into(),
                    assign_to_sales_id: None,
                };
                import::start(&svc.db, &manager, up.id, &start, now)
                    .await
                    .unwrap_or_else(|e| panic!("{file:?}: {e:?}"));
                let finished = import::run(&svc.db, up.id, None, || now)
                    .await
                    .unwrap_or_else(|e| panic!("{file:?}: {e:?}"));
                assert!(finished);
                let done = import::get(&svc.db, &manager, up.id).await.expect("get");
                assert_eq!(done.status, ImportStatus::Done, "{file:?}");
                assert_eq!(done.done_rows, up.total_rows, "{file:?}");
                assert_eq!(
                    done.created + done.duplicates + done.errors,
                    up.total_rows,
                    "every row is accounted for once: {file:?}"
                );
                // Exactly the created rows are new customers, each with a
                // valid mobile.
                let created = customer::Entity::find()
                    .filter(customer::Column::Id.gt(last_id))
                    .all(&svc.db)
                    .await
                    .expect("customers");
                assert_eq!(created.len(), done.created as usize, "{file:?}");
                for c in created {
                    assert!(MobilePhone::parse(&c.mobile).is_ok(), "{}", c.mobile);
                }
            });
            Ok(())
        })
        .expect("property");
    rt.block_on(tdb.cleanup());
}
