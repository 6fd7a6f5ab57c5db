//! Webhooks against a real receiver on 127.0.0.1: deliveries commit with
//! their event, are signed, retried with backoff, given up on, resent, and
//! sent once even by several senders at a time.

use crate::club::{form, pooled};
use crate::support::{actor, seeded};
use anju_domain::club::membership;
use anju_domain::db::begin_write;
use anju_domain::entity::webhook_delivery;
use anju_domain::outbox::{self, DEAL_CLOSED};
use anju_domain::{DomainError, Services, webhooks};
use anju_types::webhook::{DeliveryState, WebhookDraft};
use axum::http::HeaderMap;
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};

/// A receiver that records every request and answers with `status`.
struct Receiver {
    url: String,
    status: Arc<AtomicU16>,
    got: Arc<Mutex<Vec<(HeaderMap, String)>>>,
}

impl Receiver {
    async fn start(status: u16) -> Receiver {
        let status = Arc::new(AtomicU16::new(status));
        let got: Arc<Mutex<Vec<(HeaderMap, String)>>> = Arc::default();
        let (s, g) = (status.clone(), got.clone());
        let app = axum::Router::new().route(
            "/hook",
            axum::routing::post(move |headers: HeaderMap, body: String| {
                let (s, g) = (s.clone(), g.clone());
                async move {
                    g.lock().expect("lock").push((headers, body));
                    axum::http::StatusCode::from_u16(s.load(Ordering::SeqCst)).expect("status")
                }
            }),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        tokio::spawn(async move { axum::serve(listener, app).await.ok() });
        Receiver {
            url: format!("http://{addr}/hook"),
            status,
            got,
        }
    }

    fn requests(&self) -> Vec<(HeaderMap, String)> {
        self.got.lock().expect("lock").clone()
    }
}

fn draft(url: &str, events: &str) -> WebhookDraft {
    WebhookDraft {
        url: url.to_owned(),
        events: events.to_owned(),
        active: true,
    }
}

async fn deliveries_of(svc: &Services, webhook_id: i64) -> Vec<webhook_delivery::Model> {
    webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::WebhookId.eq(webhook_id))
        .all(&svc.db)
        .await
        .expect("deliveries")
}

fn header<'a>(h: &'a HeaderMap, name: &str) -> &'a str {
    h.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
}

#[tokio::test]
async fn an_event_reaches_each_subscribed_webhook_once_and_signed() {
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    let now = svc.clock.now();
    let rx = Receiver::start(200).await;
    let members = webhooks::create(
        &svc.db,
        svc.webhook_targets,
        &admin,
        &draft(&rx.url, "member.*"),
        now,
    )
    .await
    .expect("member webhook");
    assert!(members.secret.starts_with("whsec_"));
    let tickets = webhooks::create(
        &svc.db,
        svc.webhook_targets,
        &admin,
        &draft(&rx.url, "ticket.*"),
        now,
    )
    .await
    .expect("ticket webhook");
    let paused = webhooks::create(
        &svc.db,
        svc.webhook_targets,
        &admin,
        &WebhookDraft {
            active: false,
            ..draft(&rx.url, "*")
        },
        now,
    )
    .await
    .expect("paused webhook");

    let joined = membership::enrol(&svc.db, &form("13900002222"), None, now)
        .await
        .expect("enrol");
    assert_eq!(deliveries_of(&svc, members.webhook.id).await.len(), 1);
    assert!(deliveries_of(&svc, tickets.webhook.id).await.is_empty());
    assert!(deliveries_of(&svc, paused.webhook.id).await.is_empty());

    let http = webhooks::client(svc.webhook_targets);
    assert_eq!(
        webhooks::deliver_due(&svc.db, &http, now)
            .await
            .expect("send"),
        1
    );
    assert_eq!(
        webhooks::deliver_due(&svc.db, &http, now)
            .await
            .expect("again"),
        0
    );
    let got = rx.requests();
    assert_eq!(got.len(), 1, "sent once");
    let (headers, body) = &got[0];
    assert_eq!(header(headers, "x-anju-event"), "member.enrolled");
    let ts: i64 = header(headers, "x-anju-timestamp").parse().expect("ts");
    assert_eq!(ts, now.timestamp());
    assert_eq!(
        header(headers, "x-anju-signature"),
        webhooks::signature(&members.secret, ts, body),
        "the receiver can check the body with the secret"
    );
    let json: serde_json::Value = serde_json::from_str(body).expect("json");
    assert_eq!(json["topic"], "member.enrolled");
    assert_eq!(json["data"]["member_no"], joined.member_no.as_str());

    let log = webhooks::deliveries(&svc.db, &admin, members.webhook.id, None, 20)
        .await
        .expect("log");
    assert_eq!(log.items.len(), 1);
    assert_eq!(log.items[0].state, DeliveryState::Delivered);
    assert_eq!(log.items[0].last_status, Some(200));
    assert_eq!(
        header(headers, "x-anju-delivery"),
        log.items[0].id.to_string()
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_change_that_rolls_back_queues_no_delivery() {
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    let now = svc.clock.now();
    let hook = webhooks::create(
        &svc.db,
        svc.webhook_targets,
        &admin,
        &draft("http://127.0.0.1:9/h", "*"),
        now,
    )
    .await
    .expect("webhook");
    let tx = begin_write(&svc.db).await.expect("tx");
    outbox::emit(&tx, DEAL_CLOSED, &serde_json::json!({"deal_id": 1}), now)
        .await
        .expect("emit");
    tx.rollback().await.expect("rollback");
    assert!(deliveries_of(&svc, hook.webhook.id).await.is_empty());
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_failing_receiver_is_retried_with_backoff_then_given_up_and_resent() {
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    let rx = Receiver::start(500).await;
    let hook = webhooks::create(
        &svc.db,
        svc.webhook_targets,
        &admin,
        &draft(&rx.url, "deal.closed"),
        svc.clock.now(),
    )
    .await
    .expect("webhook");
    outbox::emit(
        &svc.db,
        DEAL_CLOSED,
        &serde_json::json!({"deal_id": 7}),
        svc.clock.now(),
    )
    .await
    .expect("emit");
    let http = webhooks::client(svc.webhook_targets);

    // Waits after each failure: 1 min, 5 min, 30 min, 2 h, 12 h; the 6th
    // failure gives up.
    for (attempt, wait_min) in [(1, 1), (2, 5), (3, 30), (4, 120), (5, 720)] {
        let now = svc.clock.now();
        assert_eq!(
            webhooks::deliver_due(&svc.db, &http, now)
                .await
                .expect("send"),
            1
        );
        let d = &deliveries_of(&svc, hook.webhook.id).await[0];
        assert_eq!(d.attempts, attempt);
        assert_eq!(d.state, "pending");
        assert_eq!(d.last_status, Some(500));
        assert_eq!(d.next_attempt_at, now + Duration::minutes(wait_min));
        // Not due a second before.
        svc.clock
            .advance(Duration::minutes(wait_min) - Duration::seconds(1));
        assert_eq!(
            webhooks::deliver_due(&svc.db, &http, svc.clock.now())
                .await
                .expect("early"),
            0
        );
        svc.clock.advance(Duration::seconds(1));
    }
    assert_eq!(
        webhooks::deliver_due(&svc.db, &http, svc.clock.now())
            .await
            .expect("last"),
        1
    );
    let d = deliveries_of(&svc, hook.webhook.id).await.remove(0);
    assert_eq!(d.state, "failed");
    assert_eq!(d.attempts, webhooks::MAX_ATTEMPTS);
    assert_eq!(rx.requests().len(), 6);
    let listed = webhooks::list(&svc.db, &admin).await.expect("list");
    assert_eq!((listed[0].pending, listed[0].failed), (0, 1));

    // Fixed receiver: the administrator resends; a delivered one cannot be.
    rx.status.store(204, Ordering::SeqCst);
    let again = webhooks::resend(&svc.db, &admin, hook.webhook.id, d.id, svc.clock.now())
        .await
        .expect("resend");
    assert_eq!(again.state, DeliveryState::Pending);
    webhooks::deliver_due(&svc.db, &http, svc.clock.now())
        .await
        .expect("send");
    let d = deliveries_of(&svc, hook.webhook.id).await.remove(0);
    assert_eq!((d.state.as_str(), d.last_status), ("delivered", Some(204)));
    assert!(matches!(
        webhooks::resend(&svc.db, &admin, hook.webhook.id, d.id, svc.clock.now()).await,
        Err(DomainError::Conflict("not_failed"))
    ));
    // Another webhook's id does not reach this delivery.
    assert!(matches!(
        webhooks::resend(&svc.db, &admin, hook.webhook.id + 1, d.id, svc.clock.now()).await,
        Err(DomainError::NotFound)
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_receiver_that_is_down_is_recorded_as_such() {
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    // A port nobody listens on: bind, note it, let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let url = format!("http://127.0.0.1:{port}/hook");
    let hook = webhooks::create(
        &svc.db,
        svc.webhook_targets,
        &admin,
        &draft(&url, "*"),
        svc.clock.now(),
    )
    .await
    .expect("webhook");
    outbox::emit(
        &svc.db,
        DEAL_CLOSED,
        &serde_json::json!({}),
        svc.clock.now(),
    )
    .await
    .expect("emit");
    webhooks::deliver_due(
        &svc.db,
        &webhooks::client(svc.webhook_targets),
        svc.clock.now(),
    )
    .await
    .expect("send");
    let d = deliveries_of(&svc, hook.webhook.id).await.remove(0);
    assert_eq!(d.state, "pending");
    assert_eq!(d.last_status, None);
    assert_eq!(d.last_error.as_deref(), Some("connection_refused"));
    tdb.cleanup().await;
}

#[tokio::test]
async fn several_senders_at_once_deliver_each_event_once() {
    let (tdb, svc, _dir) = pooled().await;
    let admin = actor(&svc, "admin").await;
    let now = svc.clock.now();
    let rx = Receiver::start(200).await;
    webhooks::create(
        &svc.db,
        svc.webhook_targets,
        &admin,
        &draft(&rx.url, "deal.closed"),
        now,
    )
    .await
    .expect("webhook");
    for i in 0..30 {
        outbox::emit(
            &svc.db,
            DEAL_CLOSED,
            &serde_json::json!({"deal_id": i}),
            now,
        )
        .await
        .expect("emit");
    }
    let http = webhooks::client(svc.webhook_targets);
    let senders = (0..4).map(|_| webhooks::deliver_due(&svc.db, &http, now));
    let attempts: u64 = futures::future::join_all(senders)
        .await
        .into_iter()
        .map(|r| r.expect("sender"))
        .sum();
    assert_eq!(attempts, 30);
    let mut ids: Vec<String> = rx
        .requests()
        .iter()
        .map(|(h, _)| header(h, "x-anju-delivery").to_owned())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!((rx.requests().len(), ids.len()), (30, 30), "each once");
    let delivered = webhook_delivery::Entity::find()
        .filter(webhook_delivery::Column::State.eq("delivered"))
        .count(&svc.db)
        .await
        .expect("count");
    assert_eq!(delivered, 30);
    tdb.cleanup().await;
}

#[tokio::test]
async fn bad_drafts_and_non_administrators_are_refused() {
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    let club1 = actor(&svc, "club1").await;
    let now = svc.clock.now();
    let fields = |r: Result<_, DomainError>| match r {
        Err(DomainError::Validation(errs)) => errs
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect::<Vec<_>>(),
        other => panic!(
            "expected a validation error, got {:?}",
            other.map(|_: ()| ())
        ),
    };
    let check = |d: WebhookDraft| {
        let svc = svc.clone();
        let admin = admin.clone();
        async move {
            webhooks::create(&svc.db, svc.webhook_targets, &admin, &d, now)
                .await
                .map(|_| ())
        }
    };
    assert_eq!(
        fields(check(draft("ftp://example.com/x", "deal.closed")).await),
        vec![("url", "invalid_url")]
    );
    assert_eq!(
        fields(check(draft("", "")).await),
        vec![("url", "required"), ("events", "required")]
    );
    assert_eq!(
        fields(check(draft("https://example.com/x", "deal.opened")).await),
        vec![("events", "unknown_event")]
    );
    // Only public addresses unless the operator allows more (tests run
    // their receivers on loopback, so their services allow anything).
    use anju_domain::egress::Targets;
    for private in [
        "http://127.0.0.1:6379/",
        "http://localhost/h",
        "http://169.254.169.254/latest/meta-data",
        "http://10.0.0.5/hook",
        "http://[::1]:5432/",
    ] {
        let d = draft(private, "*");
        let refused = webhooks::create(&svc.db, Targets::Public, &admin, &d, now).await;
        assert_eq!(
            fields(refused.map(|_| ())),
            vec![("url", "private_address")],
            "{private}"
        );
    }
    let d = draft("http://10.0.0.5/h", "*");
    let office = webhooks::create(&svc.db, Targets::Private, &admin, &d, now).await;
    assert!(
        office.is_ok(),
        "the company network when the operator allows it"
    );
    assert!(matches!(
        webhooks::create(
            &svc.db,
            svc.webhook_targets,
            &club1,
            &draft("https://example.com/x", "*"),
            now
        )
        .await,
        Err(DomainError::Forbidden)
    ));
    assert!(matches!(
        webhooks::list(&svc.db, &club1).await,
        Err(DomainError::Forbidden)
    ));
    // Only the company-network one was saved.
    let saved = webhooks::list(&svc.db, &admin).await.expect("list");
    assert_eq!(saved.len(), 1, "{saved:?}");
    assert_eq!(saved[0].url, "http://10.0.0.5/h");
    tdb.cleanup().await;
}

#[tokio::test]
async fn deliveries_never_reach_addresses_the_policy_refuses() {
    use anju_domain::egress::Targets;
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    let now = svc.clock.now();
    let rx = Receiver::start(200).await;
    // Saved while loopback was allowed (or pointing at a name that later
    // resolves inside): delivery checks the address again.
    let by_address = webhooks::create(
        &svc.db,
        Targets::Any,
        &admin,
        &draft(&rx.url, "deal.closed"),
        now,
    )
    .await
    .expect("webhook");
    let by_name = rx.url.replace("127.0.0.1", "localhost");
    let by_name = webhooks::create(
        &svc.db,
        Targets::Any,
        &admin,
        &draft(&by_name, "deal.closed"),
        now,
    )
    .await
    .expect("webhook");
    outbox::emit(
        &svc.db,
        DEAL_CLOSED,
        &serde_json::json!({"deal_id": 3}),
        now,
    )
    .await
    .expect("emit");
    let public_only = webhooks::client(Targets::Public);
    assert_eq!(
        webhooks::deliver_due(&svc.db, &public_only, now)
            .await
            .expect("send"),
        2
    );
    assert!(rx.requests().is_empty(), "nothing reached the receiver");
    for hook in [by_address.webhook.id, by_name.webhook.id] {
        let d = deliveries_of(&svc, hook).await.remove(0);
        assert_eq!(
            d.state, "pending",
            "retried later, in case the operator allows it"
        );
        assert_eq!(d.last_error.as_deref(), Some("target_not_allowed"));
    }
    // The resolver refuses on its own, whatever the URL said.
    use reqwest::dns::Resolve;
    let name: reqwest::dns::Name = "localhost".parse().expect("name");
    assert!(
        anju_domain::egress::FilteringResolver(Targets::Public)
            .resolve(name)
            .await
            .is_err()
    );
    tdb.cleanup().await;
}
