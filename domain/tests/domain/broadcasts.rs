//! Messages to a segment: who is left out and why (consent, the
//! contact-frequency guard, merged records), what is queued, and that a
//! retry or a second message respects what the first one sent.

use crate::support::{actor, insert_customer, seeded};
use anju_domain::entity::{customer, customer_segment, interaction, outbound_message};
use anju_domain::idempotency::IdempotencyKey;
use anju_domain::marketing::{broadcasts, segments};
use anju_domain::{DomainError, Services};
use anju_types::broadcast::{BroadcastDraft, Exclusion};
use anju_types::segment::Segment;
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};

async fn customer_in_watching(svc: &Services, name: &str, mobile: &str, consent: bool) -> i64 {
    let now = svc.clock.now();
    let id = insert_customer(svc, name, mobile, consent, now - Duration::days(30)).await;
    customer_segment::ActiveModel {
        customer_id: Set(id),
        segment: Set(Segment::Watching.as_str().to_owned()),
        score: Set(10),
        computed_at: Set(now),
    }
    .insert(&svc.db)
    .await
    .expect("segment row");
    id
}

async fn contact(svc: &Services, customer_id: i64, kind: &str, days_ago: i64) {
    let at = svc.clock.now() - Duration::days(days_ago);
    interaction::ActiveModel {
        customer_id: Set(customer_id),
        kind: Set(kind.to_owned()),
        occurred_at: Set(at),
        notes: Set(String::new()),
        created_at: Set(at),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("interaction");
}

fn fields<T: std::fmt::Debug>(r: Result<T, DomainError>) -> Vec<(&'static str, &'static str)> {
    match r {
        Err(DomainError::Validation(errors)) => errors.iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

fn draft(segment: &str, body: &str) -> BroadcastDraft {
    BroadcastDraft {
        segment: segment.to_owned(),
        body: body.to_owned(),
    }
}

#[tokio::test]
async fn a_message_reaches_only_who_may_be_contacted_and_counts_against_the_guard() {
    let (_tdb, svc) = seeded().await;
    let mkt = actor(&svc, "mkt1").await;
    let now = svc.clock.now();
    // The segment holds exactly the customers below.
    customer_segment::Entity::delete_many()
        .exec(&svc.db)
        .await
        .expect("clear");
    let a = customer_in_watching(&svc, "甲", "13599990001", true).await;
    let b = customer_in_watching(&svc, "乙", "13599990002", false).await;
    let c = customer_in_watching(&svc, "丙", "13599990003", true).await;
    let d = customer_in_watching(&svc, "丁", "13599990004", true).await;
    let e = customer_in_watching(&svc, "戊", "13599990005", false).await;
    let merged = customer_in_watching(&svc, "己", "13599990006", true).await;
    // The guard (demo settings: 2 outbound contacts in 7 days).
    contact(&svc, c, "call_out", 1).await;
    contact(&svc, c, "sms", 6).await;
    // Two calls 8 days ago are outside the window; visits are not outbound.
    contact(&svc, d, "call_out", 8).await;
    contact(&svc, d, "call_out", 8).await;
    contact(&svc, d, "visit", 1).await;
    contact(&svc, e, "email", 2).await;
    contact(&svc, e, "call_out", 3).await;
    customer::ActiveModel {
        id: Set(merged),
        merged_into_id: Set(Some(a)),
        ..Default::default()
    }
    .update(&svc.db)
    .await
    .expect("merge");

    let body = "{name}您好，云栖府二期样板间本周末开放";
    let p = broadcasts::preview(&svc.db, &mkt, &draft("watching", body), now)
        .await
        .expect("preview");
    assert_eq!(p.total, 5, "the merged record is not in the segment");
    assert_eq!(p.recipients, 2, "甲 and 丁");
    assert_eq!(p.no_consent, 2, "乙 and 戊");
    assert_eq!(p.contacted_recently, 2, "丙 and 戊");
    assert_eq!((p.max_contacts, p.window_days), (2, 7));
    assert_eq!(p.final_body, format!("{body} 拒收请回复R"));
    assert_eq!(p.sms_parts, 1);
    let reasons = |name: &str| {
        p.excluded_sample
            .iter()
            .find(|x| x.name == name)
            .map(|x| x.reasons.clone())
    };
    assert_eq!(reasons("乙"), Some(vec![Exclusion::NoConsent]));
    assert_eq!(reasons("丙"), Some(vec![Exclusion::ContactedRecently]));
    assert_eq!(
        reasons("戊"),
        Some(vec![Exclusion::NoConsent, Exclusion::ContactedRecently])
    );
    assert_eq!(p.excluded_sample.len(), 3);
    assert_eq!(p.excluded_sample[0].mobile, "135****0002", "masked");

    let key = IdempotencyKey::parse("broadcast-1").expect("key");
    let sent = broadcasts::send(&svc.db, &mkt, &draft("watching", body), Some(&key), now)
        .await
        .expect("send");
    assert_eq!((sent.recipients, sent.excluded), (2, 3));
    assert_eq!(sent.sent_by, "黄磊");
    let queued = outbound_message::Entity::find()
        .filter(outbound_message::Column::CustomerId.is_in([a, b, c, d, e, merged]))
        .order_by_asc(outbound_message::Column::CustomerId)
        .all(&svc.db)
        .await
        .expect("queued");
    assert_eq!(
        queued
            .iter()
            .map(|m| (m.customer_id, m.recipient.as_str(), m.body.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (
                Some(a),
                "13599990001",
                "甲您好，云栖府二期样板间本周末开放 拒收请回复R"
            ),
            (
                Some(d),
                "13599990004",
                "丁您好，云栖府二期样板间本周末开放 拒收请回复R"
            ),
        ]
    );
    assert!(queued.iter().all(|m| m.status == "pending"));

    // A retry with the key sends nothing more and answers the same.
    let again = broadcasts::send(&svc.db, &mkt, &draft("watching", body), Some(&key), now)
        .await
        .expect("retry");
    assert_eq!(again, sent);
    let count_queued = || async {
        outbound_message::Entity::find()
            .filter(outbound_message::Column::CustomerId.is_in([a, d]))
            .count(&svc.db)
            .await
            .expect("count")
    };
    assert_eq!(count_queued().await, 2);

    // Each message is an outbound contact: a second one still fits the
    // guard (1 of 2), a third does not.
    let later = now + Duration::hours(1);
    let second = broadcasts::send(
        &svc.db,
        &mkt,
        &draft("watching", "周末暖场活动"),
        None,
        later,
    )
    .await
    .expect("second");
    assert_eq!(second.recipients, 2);
    let third = broadcasts::preview(&svc.db, &mkt, &draft("watching", "再次提醒"), later)
        .await
        .expect("third preview");
    assert_eq!((third.recipients, third.contacted_recently), (0, 4));
    assert_eq!(count_queued().await, 4);

    // Sent messages are contacts, not engagement: 甲 stays unengaged.
    let facts = segments::facts(&svc.db, later).await.expect("facts");
    assert_eq!(facts[&a].interactions_365d, 0);

    let listed = broadcasts::list(&svc.db, &mkt).await.expect("list");
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].body, "周末暖场活动");
    assert_eq!(listed[1], sent);
}

#[tokio::test]
async fn bad_drafts_and_other_roles_change_nothing() {
    let (_tdb, svc) = seeded().await;
    let mkt = actor(&svc, "mkt1").await;
    let sales = actor(&svc, "sales1").await;
    let now = svc.clock.now();
    assert_eq!(
        fields(broadcasts::send(&svc.db, &mkt, &draft("vip", " "), None, now).await),
        vec![("segment", "invalid"), ("body", "required")]
    );
    assert_eq!(
        fields(broadcasts::preview(&svc.db, &mkt, &draft("", &"字".repeat(301)), now).await),
        vec![("segment", "required"), ("body", "too_long")]
    );
    assert!(matches!(
        broadcasts::send(&svc.db, &sales, &draft("top", "hi"), None, now).await,
        Err(DomainError::Forbidden)
    ));
    assert!(matches!(
        broadcasts::list(&svc.db, &sales).await,
        Err(DomainError::Forbidden)
    ));
    assert_eq!(
        broadcasts::list(&svc.db, &mkt).await.expect("list").len(),
        0
    );
}
