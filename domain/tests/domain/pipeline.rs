use crate::support::{actor, new_customer, seeded};
use anju_domain::customers::reassign::{self, Reassignment};
use anju_domain::entity::{building, opportunity, opportunity_stage_change, project, unit};
use anju_domain::pipeline::{self, BoardFilter, SummaryFilter};
use anju_domain::{DomainError, Services, inventory};
use anju_types::pipeline::{OpportunityDraft, StageMove};
use anju_types::{Money, Stage, UnitAction};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

fn to(stage: &str, reason: Option<&str>) -> StageMove {
    StageMove {
        stage: stage.to_owned(),
        lost_reason: reason.map(str::to_owned),
        ..Default::default()
    }
}

async fn first_project(svc: &Services) -> i64 {
    project::Entity::find()
        .one(&svc.db)
        .await
        .expect("q")
        .expect("a project")
        .id
}

#[tokio::test]
async fn an_opportunity_moves_through_the_stages_and_only_a_contract_closes_it() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let now = svc.clock.now();
    let customer = new_customer(&svc, &sales1, "13755550001").await;
    let project = first_project(&svc).await;
    let draft = OpportunityDraft {
        customer_id: customer,
        project_id: project,
        expected_amount: Some("6,000,000.50".to_owned()),
        ..Default::default()
    };
    let o = pipeline::create(&svc.db, &sales1, &draft, now)
        .await
        .expect("create");
    assert_eq!(o.stage, Stage::Visit);
    assert_eq!(o.probability, 10);
    assert_eq!(o.expected_amount, Some(Money::from_fen(600_000_050)));
    assert!(o.sales.is_some_and(|s| s.name == "王芳"));

    // One per customer and project.
    match pipeline::create(&svc.db, &sales1, &draft, now).await {
        Err(DomainError::Duplicate { existing_id, .. }) => assert_eq!(existing_id, Some(o.id)),
        other => panic!("expected a duplicate, got {other:?}"),
    }
    // Bad input is refused field by field, nothing created.
    let bad = OpportunityDraft {
        customer_id: customer,
        project_id: 999_999,
        stage: Some("deal".to_owned()),
        expected_amount: Some("1.001".to_owned()),
        ..Default::default()
    };
    match pipeline::create(&svc.db, &sales1, &bad, now).await {
        Err(DomainError::Validation(f)) => {
            let fields: Vec<_> = f.iter().map(|e| e.field).collect();
            assert_eq!(fields, vec!["stage", "expected_amount", "project_id"]);
        }
        other => panic!("expected validation errors, got {other:?}"),
    }

    let moved = pipeline::move_stage(&svc.db, &sales1, o.id, &to("intent", None), now)
        .await
        .expect("intent");
    assert_eq!((moved.stage, moved.probability), (Stage::Intent, 30));
    // Lost needs a reason; 成交 needs a contract; neither changes anything.
    assert!(matches!(
        pipeline::move_stage(&svc.db, &sales1, o.id, &to("lost", None), now).await,
        Err(DomainError::Validation(_))
    ));
    assert!(matches!(
        pipeline::move_stage(&svc.db, &sales1, o.id, &to("deal", None), now).await,
        Err(DomainError::Conflict("deal_needs_contract"))
    ));
    let lost = pipeline::move_stage(&svc.db, &sales1, o.id, &to("lost", Some("价格因素")), now)
        .await
        .expect("lost");
    assert_eq!(lost.lost_reason.as_deref(), Some("价格因素"));
    // A lost customer can come back; the reason is cleared.
    let back = pipeline::move_stage(&svc.db, &sales1, o.id, &to("pre_deal", None), now)
        .await
        .expect("reopen");
    assert_eq!((back.stage, back.lost_reason), (Stage::PreDeal, None));
    // Moving to where it already is changes nothing.
    pipeline::move_stage(&svc.db, &sales1, o.id, &to("pre_deal", None), now)
        .await
        .expect("same stage");
    let changes = opportunity_stage_change::Entity::find()
        .filter(opportunity_stage_change::Column::OpportunityId.eq(o.id))
        .count(&svc.db)
        .await
        .expect("count");
    assert_eq!(changes, 4, "created, intent, lost, pre_deal");

    // Record-level access: another salesperson does not see it at all.
    let sales2 = actor(&svc, "sales2").await;
    assert!(matches!(
        pipeline::move_stage(&svc.db, &sales2, o.id, &to("intent", None), now).await,
        Err(DomainError::NotFound)
    ));
    assert!(matches!(
        pipeline::for_customer(&svc.db, &sales2, customer).await,
        Err(DomainError::NotFound)
    ));
    let board = pipeline::kanban(&svc.db, &sales2, &BoardFilter::default())
        .await
        .expect("board");
    assert!(
        board
            .columns
            .iter()
            .flat_map(|c| &c.cards)
            .all(|card| card.id != o.id)
    );
    // A service agent sees customers but not the pipeline.
    let service1 = actor(&svc, "service1").await;
    assert!(matches!(
        pipeline::kanban(&svc.db, &service1, &BoardFilter::default()).await,
        Err(DomainError::Forbidden)
    ));
    tdb.cleanup().await;
}

/// A project of its own, so the figures are computed from a known set.
async fn fresh_project(svc: &Services) -> (i64, Vec<i64>) {
    let now = svc.clock.now();
    let p = project::ActiveModel {
        code: Set("TST".to_owned()),
        name: Set("测试楼盘".to_owned()),
        city: Set("深圳".to_owned()),
        district: Set("福田区".to_owned()),
        status: Set("selling".to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("project");
    let b = building::ActiveModel {
        project_id: Set(p.id),
        name: Set("1栋".to_owned()),
        floors: Set(1),
        units_per_floor: Set(2),
        ..Default::default()
    }
    .insert(&svc.db)
    .await
    .expect("building");
    let mut units = Vec::new();
    for n in 1..=2 {
        let u = unit::ActiveModel {
            building_id: Set(b.id),
            floor: Set(1),
            number: Set(format!("10{n}")),
            layout: Set("三室两厅".to_owned()),
            area_centi_m2: Set(10_000),
            list_price_fen: Set(300_000_000),
            status: Set("available".to_owned()),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&svc.db)
        .await
        .expect("unit");
        units.push(u.id);
    }
    (p.id, units)
}

#[tokio::test]
async fn funnel_and_forecast_match_a_hand_computed_set() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let now = svc.clock.now();
    let (project, units) = fresh_project(&svc).await;
    let mut ids = Vec::new();
    for (i, (stage, amount)) in [
        ("visit", "1000000"),
        ("intent", "2000000"),
        ("intent", "2500000"),
        ("visit", "3000000"),
    ]
    .into_iter()
    .enumerate()
    {
        let c = new_customer(&svc, &sales1, &format!("1375556000{i}")).await;
        let o = pipeline::create(
            &svc.db,
            &sales1,
            &OpportunityDraft {
                customer_id: c,
                project_id: project,
                stage: Some(stage.to_owned()),
                expected_amount: Some(amount.to_owned()),
                ..Default::default()
            },
            now,
        )
        .await
        .expect("create");
        ids.push((c, o.id));
    }
    // #3 moves to pre-deal and is lost; #4 buys unit 1 with ¥30,000 off.
    pipeline::move_stage(&svc.db, &sales1, ids[2].1, &to("pre_deal", None), now)
        .await
        .expect("pre");
    pipeline::move_stage(
        &svc.db,
        &sales1,
        ids[2].1,
        &to("lost", Some("购买竞品")),
        now,
    )
    .await
    .expect("lost");
    let terms = anju_types::deal::DealTerms {
        discount: Some("30000".to_owned()),
        deposit: Some("50000".to_owned()),
    };
    inventory::act_with_terms(
        &svc.db,
        &sales1,
        units[0],
        UnitAction::Reserve,
        Some(ids[3].0),
        &terms,
        now,
    )
    .await
    .expect("reserve");
    inventory::act(&svc.db, &sales1, units[0], UnitAction::Contract, None, now)
        .await
        .expect("contract");

    let s = pipeline::summary(
        &svc.db,
        &sales1,
        &SummaryFilter {
            project_id: Some(project),
            ..Default::default()
        },
    )
    .await
    .expect("summary");
    let reached: Vec<(Stage, u64, f64)> = s
        .funnel
        .iter()
        .map(|f| (f.stage, f.reached, f.conversion))
        .collect();
    assert_eq!(
        reached,
        vec![
            (Stage::Visit, 4, 100.0),
            (Stage::Intent, 3, 75.0), // #2, #3, #4 (through its reservation)
            (Stage::PreDeal, 2, 50.0),
            (Stage::Deal, 1, 25.0),
        ]
    );
    // Open: #1 visit ¥1,000,000 (10%) and #2 intent ¥2,000,000 (30%).
    assert_eq!(s.total.open, 2);
    assert_eq!(s.total.pipeline, Money::from_yuan(3_000_000));
    assert_eq!(s.total.weighted, Money::from_yuan(100_000 + 600_000));
    assert_eq!(s.total.deals, 1);
    assert_eq!(s.total.deal_amount, Money::from_yuan(2_970_000));
    assert_eq!(s.total.lost, 1);
    assert_eq!(s.by_sales.len(), 1);
    assert_eq!(s.by_sales[0].name, "王芳");
    assert_eq!(s.by_project[0].name, "测试楼盘");

    // The kanban has the same counts.
    let board = pipeline::kanban(
        &svc.db,
        &sales1,
        &BoardFilter {
            project_id: Some(project),
            ..Default::default()
        },
    )
    .await
    .expect("board");
    let counts: Vec<(Stage, u64)> = board.columns.iter().map(|c| (c.stage, c.count)).collect();
    assert_eq!(
        counts,
        vec![
            (Stage::Visit, 1),
            (Stage::Intent, 1),
            (Stage::PreDeal, 0),
            (Stage::Deal, 1),
            (Stage::Lost, 1),
        ]
    );
    tdb.cleanup().await;
}

#[tokio::test]
async fn reassignment_moves_open_opportunities_and_keeps_closed_ones() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let sales2 = actor(&svc, "sales2").await;
    let manager = actor(&svc, "manager1").await;
    let now = svc.clock.now();
    let (project, units) = fresh_project(&svc).await;
    let open = new_customer(&svc, &sales1, "13755570001").await;
    let won = new_customer(&svc, &sales1, "13755570002").await;
    let o = pipeline::create(
        &svc.db,
        &sales1,
        &OpportunityDraft {
            customer_id: open,
            project_id: project,
            stage: Some("intent".to_owned()),
            ..Default::default()
        },
        now,
    )
    .await
    .expect("open");
    inventory::act(
        &svc.db,
        &sales1,
        units[1],
        UnitAction::Reserve,
        Some(won),
        now,
    )
    .await
    .expect("reserve");
    inventory::act(&svc.db, &sales1, units[1], UnitAction::Contract, None, now)
        .await
        .expect("contract");

    reassign::reassign(
        &svc.db,
        &manager,
        &Reassignment {
            from_sales_id: sales1.user_id,
            to_sales_id: sales2.user_id,
            customer_ids: None,
        },
        now,
    )
    .await
    .expect("reassign");
    let moved = pipeline::for_customer(&svc.db, &sales2, open)
        .await
        .expect("visible to sales2");
    assert_eq!(moved[0].id, o.id);
    assert_eq!(moved[0].stage, Stage::Intent, "stage kept");
    assert_eq!(moved[0].sales.as_ref().map(|s| s.id), Some(sales2.user_id));
    let closed = opportunity::Entity::find()
        .filter(opportunity::Column::CustomerId.eq(won))
        .one(&svc.db)
        .await
        .expect("q")
        .expect("deal opportunity");
    assert_eq!(closed.stage, "deal");
    assert_eq!(
        closed.sales_user_id,
        Some(sales1.user_id),
        "the won deal stays credited to who won it"
    );
    tdb.cleanup().await;
}
