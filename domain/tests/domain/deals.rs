use crate::support::{actor, new_customer, seeded};
use anju_domain::customers::{self, work_queue};
use anju_domain::entity::{outbox_event, unit};
use anju_domain::outbox::{DEAL_CLOSED, DealClosed};
use anju_domain::{DomainError, Services, deals, inventory, pipeline, settings};
use anju_types::deal::{ApprovalDecision, DealTerms, PaymentDraft};
use anju_types::{DealStatus, DiscountApproval, Money, Stage, UnitAction, UnitStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

async fn available_unit(svc: &Services) -> unit::Model {
    unit::Entity::find()
        .filter(unit::Column::Status.eq("available"))
        .one(&svc.db)
        .await
        .expect("q")
        .expect("an available unit")
}

fn terms(discount: &str, deposit: &str) -> DealTerms {
    DealTerms {
        discount: Some(discount.to_owned()),
        deposit: Some(deposit.to_owned()),
    }
}

async fn unit_status(svc: &Services, id: i64) -> String {
    unit::Entity::find_by_id(id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("unit")
        .status
}

#[tokio::test]
async fn a_contract_closes_the_deal_makes_an_owner_and_emits_one_event() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let now = svc.clock.now();
    let buyer = new_customer(&svc, &sales1, "13766610001").await;
    let u = available_unit(&svc).await;
    let list = Money::from_fen(u.list_price_fen);
    let events_before = outbox_event::Entity::find()
        .all(&svc.db)
        .await
        .expect("q")
        .len();

    // A discount above the price, or a malformed amount, changes nothing.
    let too_much = format!("{}", u.list_price_fen / 100 + 1);
    for bad in [terms(&too_much, "0"), terms("1.234", "0"), terms("-5", "0")] {
        assert!(matches!(
            inventory::act_with_terms(
                &svc.db,
                &sales1,
                u.id,
                UnitAction::Reserve,
                Some(buyer),
                &bad,
                now
            )
            .await,
            Err(DomainError::Validation(_))
        ));
    }
    assert_eq!(unit_status(&svc, u.id).await, "available");

    inventory::act_with_terms(
        &svc.db,
        &sales1,
        u.id,
        UnitAction::Reserve,
        Some(buyer),
        &terms("10000.50", "50000"),
        now,
    )
    .await
    .expect("reserve");
    let d = &deals::for_customer(&svc.db, &sales1, buyer)
        .await
        .expect("deals")[0];
    assert_eq!(d.status, DealStatus::Reserved);
    assert_eq!(d.list_price, list);
    assert_eq!(d.price, Money::from_fen(list.fen() - 1_000_050));
    assert_eq!(d.deposit, Money::from_yuan(50_000));
    assert_eq!(d.discount_approval, DiscountApproval::NotNeeded);
    let opp = &pipeline::for_customer(&svc.db, &sales1, buyer)
        .await
        .expect("opps")[0];
    assert_eq!(opp.stage, Stage::PreDeal, "a reservation is 准成交");

    inventory::act(&svc.db, &sales1, u.id, UnitAction::Contract, None, now)
        .await
        .expect("contract");
    let d = deals::get(&svc.db, &sales1, d.id).await.expect("deal");
    assert_eq!(d.status, DealStatus::Contracted);
    assert_eq!(
        d.installments.iter().map(|i| i.amount.fen()).sum::<i64>(),
        d.price.fen(),
        "the payment plan adds up to the price"
    );
    let opp = &pipeline::for_customer(&svc.db, &sales1, buyer)
        .await
        .expect("opps")[0];
    assert_eq!(opp.stage, Stage::Deal);
    assert!(
        customers::get(&svc.db, &sales1, buyer)
            .await
            .expect("c")
            .kinds
            .owner
    );

    let events: Vec<outbox_event::Model> = outbox_event::Entity::find()
        .filter(outbox_event::Column::Topic.eq(DEAL_CLOSED))
        .all(&svc.db)
        .await
        .expect("q");
    assert_eq!(events.len(), events_before + 1);
    let payload: DealClosed =
        serde_json::from_str(&events[events.len() - 1].payload).expect("json");
    assert_eq!(
        (
            payload.deal_id,
            payload.customer_id,
            payload.unit_id,
            payload.price_fen
        ),
        (d.id, buyer, u.id, d.price.fen())
    );

    // Handover moves the deal too; a cancelled reservation frees the unit.
    inventory::act(&svc.db, &sales1, u.id, UnitAction::Deliver, None, now)
        .await
        .expect("deliver");
    assert_eq!(
        deals::get(&svc.db, &sales1, d.id).await.expect("d").status,
        DealStatus::Delivered
    );
    let other = available_unit(&svc).await;
    inventory::act(
        &svc.db,
        &sales1,
        other.id,
        UnitAction::Reserve,
        Some(buyer),
        now,
    )
    .await
    .expect("reserve 2");
    inventory::act(&svc.db, &sales1, other.id, UnitAction::Cancel, None, now)
        .await
        .expect("cancel");
    let all = deals::for_customer(&svc.db, &sales1, buyer)
        .await
        .expect("deals");
    assert_eq!(all[0].status, DealStatus::Cancelled);
    assert_eq!(unit_status(&svc, other.id).await, "available");
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_discount_beyond_the_threshold_waits_for_a_manager() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let sales2 = actor(&svc, "sales2").await;
    let manager = actor(&svc, "manager1").await;
    let now = svc.clock.now();
    let buyer = new_customer(&svc, &sales1, "13766620001").await;
    let u = available_unit(&svc).await;
    // 5% off: above the default 3%.
    let five_percent = Money::from_fen(u.list_price_fen * 5 / 100);
    let discount = format!(
        "{}.{:02}",
        five_percent.fen() / 100,
        five_percent.fen() % 100
    );
    inventory::act_with_terms(
        &svc.db,
        &sales1,
        u.id,
        UnitAction::Reserve,
        Some(buyer),
        &terms(&discount, "0"),
        now,
    )
    .await
    .expect("reserve");
    let deal_id = deals::for_customer(&svc.db, &sales1, buyer)
        .await
        .expect("d")[0]
        .id;
    assert_eq!(
        deals::get(&svc.db, &sales1, deal_id)
            .await
            .expect("d")
            .discount_approval,
        DiscountApproval::Pending
    );

    // No contract until approved; the unit stays reserved.
    assert!(matches!(
        inventory::act(&svc.db, &sales1, u.id, UnitAction::Contract, None, now).await,
        Err(DomainError::Conflict("discount_not_approved"))
    ));
    assert_eq!(unit_status(&svc, u.id).await, UnitStatus::Reserved.as_str());

    // The request is in the manager's work queue and the salesperson's.
    let queue = work_queue::for_actor(&svc.db, &manager, now)
        .await
        .expect("q");
    assert!(
        queue
            .approvals
            .iter()
            .any(|a| a.deal_id == deal_id && a.discount_bp == 500)
    );
    let own = work_queue::for_actor(&svc.db, &sales1, now)
        .await
        .expect("q");
    assert!(own.approvals.iter().any(|a| a.deal_id == deal_id));
    assert!(
        work_queue::for_actor(&svc.db, &sales2, now)
            .await
            .expect("q")
            .approvals
            .is_empty()
    );

    // Salespeople cannot approve; the manager rejects, then it is settled.
    let reject = ApprovalDecision {
        approve: false,
        note: Some("超出本月授权".to_owned()),
    };
    assert!(matches!(
        deals::decide(&svc.db, &sales1, deal_id, &reject, now).await,
        Err(DomainError::Forbidden)
    ));
    let rejected = deals::decide(&svc.db, &manager, deal_id, &reject, now)
        .await
        .expect("reject");
    assert_eq!(rejected.discount_approval, DiscountApproval::Rejected);
    assert_eq!(
        rejected.approved_by.map(|a| a.name).as_deref(),
        Some("刘强")
    );
    assert!(matches!(
        deals::decide(&svc.db, &manager, deal_id, &reject, now).await,
        Err(DomainError::Conflict("not_pending"))
    ));
    assert!(matches!(
        inventory::act(&svc.db, &sales1, u.id, UnitAction::Contract, None, now).await,
        Err(DomainError::Conflict("discount_not_approved"))
    ));

    // Revised to 4% it asks again; approved, the contract goes through.
    let four = u.list_price_fen * 4 / 100;
    let revised = deals::revise_discount(
        &svc.db,
        &sales1,
        deal_id,
        &terms(&format!("{}.{:02}", four / 100, four % 100), "20000"),
        now,
    )
    .await
    .expect("revise");
    assert_eq!(revised.discount_approval, DiscountApproval::Pending);
    deals::decide(
        &svc.db,
        &manager,
        deal_id,
        &ApprovalDecision {
            approve: true,
            note: None,
        },
        now,
    )
    .await
    .expect("approve");
    inventory::act(&svc.db, &sales1, u.id, UnitAction::Contract, None, now)
        .await
        .expect("contract after approval");

    // An administrator can raise the threshold: 5% then needs no approval.
    let admin = actor(&svc, "admin").await;
    settings::set_int(
        &svc.db,
        &admin,
        settings::DISCOUNT_APPROVAL_BP.key,
        600,
        now,
    )
    .await
    .expect("setting");
    assert!(matches!(
        settings::set_int(
            &svc.db,
            &sales1,
            settings::DISCOUNT_APPROVAL_BP.key,
            9000,
            now
        )
        .await,
        Err(DomainError::Forbidden)
    ));
    let u2 = available_unit(&svc).await;
    let five = u2.list_price_fen * 5 / 100;
    let buyer2 = new_customer(&svc, &sales1, "13766620002").await;
    inventory::act_with_terms(
        &svc.db,
        &sales1,
        u2.id,
        UnitAction::Reserve,
        Some(buyer2),
        &terms(&format!("{}.{:02}", five / 100, five % 100), "0"),
        now,
    )
    .await
    .expect("reserve 2");
    assert_eq!(
        deals::for_customer(&svc.db, &sales1, buyer2)
            .await
            .expect("d")[0]
            .discount_approval,
        DiscountApproval::NotNeeded
    );
    tdb.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn payments_are_idempotent_by_reference_and_never_exceed_the_price() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let now = svc.clock.now();
    let buyer = new_customer(&svc, &sales1, "13766630001").await;
    let u = available_unit(&svc).await;
    inventory::act(
        &svc.db,
        &sales1,
        u.id,
        UnitAction::Reserve,
        Some(buyer),
        now,
    )
    .await
    .expect("reserve");
    inventory::act(&svc.db, &sales1, u.id, UnitAction::Contract, None, now)
        .await
        .expect("contract");
    let deal_id = deals::for_customer(&svc.db, &sales1, buyer)
        .await
        .expect("d")[0]
        .id;
    let today = anju_domain::business_date(now).to_string();
    let pay = |amount: String, reference: &str| PaymentDraft {
        amount,
        received_on: today.clone(),
        method: "transfer".to_owned(),
        reference: reference.to_owned(),
    };

    let first = deals::record_payment(&svc.db, &sales1, deal_id, &pay("50000".into(), "R-1"), now)
        .await
        .expect("pay");
    assert_eq!(first.paid, Money::from_yuan(50_000));
    // The same entry again is a retry: nothing added.
    let again = deals::record_payment(&svc.db, &sales1, deal_id, &pay("50000".into(), "R-1"), now)
        .await
        .expect("retry");
    assert_eq!(
        (again.paid, again.payments.len()),
        (Money::from_yuan(50_000), 1)
    );
    assert!(matches!(
        deals::record_payment(&svc.db, &sales1, deal_id, &pay("60000".into(), "R-1"), now).await,
        Err(DomainError::Duplicate {
            field: "reference",
            ..
        })
    ));
    let bad = PaymentDraft {
        amount: "0".to_owned(),
        received_on: "2099-01-01".to_owned(),
        method: "bitcoin".to_owned(),
        reference: String::new(),
    };
    match deals::record_payment(&svc.db, &sales1, deal_id, &bad, now).await {
        Err(DomainError::Validation(f)) => assert_eq!(f.len(), 4),
        other => panic!("expected 4 field errors, got {other:?}"),
    }

    // Concurrent entries, each a fifth of what is left: exactly five fit.
    let left = first.price.fen() - first.paid.fen();
    let fifth = left / 5;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let (svc, sales1, draft) = (
            svc.clone(),
            sales1.clone(),
            pay(
                format!("{}.{:02}", fifth / 100, fifth % 100),
                &format!("C-{i}"),
            ),
        );
        tasks.push(tokio::spawn(async move {
            deals::record_payment(&svc.db, &sales1, deal_id, &draft, now).await
        }));
    }
    let mut ok = 0;
    for t in tasks {
        match t.await.expect("join") {
            Ok(_) => ok += 1,
            Err(DomainError::Validation(f)) => assert_eq!(f[0].code, "exceeds_balance"),
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(ok, 5);
    let d = deals::get(&svc.db, &sales1, deal_id).await.expect("d");
    assert!(d.paid <= d.price);
    assert_eq!(d.paid.fen(), first.paid.fen() + 5 * fifth);

    // Another salesperson cannot see or pay it.
    let sales2 = actor(&svc, "sales2").await;
    assert!(matches!(
        deals::get(&svc.db, &sales2, deal_id).await,
        Err(DomainError::NotFound)
    ));
    tdb.cleanup().await;
}
