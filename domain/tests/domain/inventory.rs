use crate::support::{actor, seeded};
use anju_domain::auth::Actor;
use anju_domain::customers::{self, CustomerDraft};
use anju_domain::entity::unit;
use anju_domain::inventory;
use anju_domain::{DomainError, Services};
use anju_types::{UnitAction, UnitStatus};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

async fn new_customer(svc: &Services, who: &Actor, mobile: &str) -> i64 {
    customers::create(
        &svc.db,
        who,
        &CustomerDraft {
            name: format!("客户{mobile}"),
            mobile: mobile.to_owned(),
            ..Default::default()
        },
        svc.clock.now(),
    )
    .await
    .expect("customer")
    .id
}

async fn an_available_unit(svc: &Services) -> i64 {
    unit::Entity::find()
        .filter(unit::Column::Status.eq("available"))
        .one(&svc.db)
        .await
        .expect("query")
        .expect("an available unit")
        .id
}

#[tokio::test]
async fn a_unit_goes_through_the_whole_sale_and_illegal_steps_are_409() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let buyer = new_customer(&svc, &sales1, "13733330001").await;
    let id = an_available_unit(&svc).await;
    let now = svc.clock.now();
    let act = |action| inventory::act(&svc.db, &sales1, id, action, Some(buyer), now);

    // Not yet reserved: contract and deliver are refused, nothing changes.
    assert!(matches!(
        act(UnitAction::Contract).await,
        Err(DomainError::Conflict(_))
    ));
    assert!(matches!(
        act(UnitAction::Deliver).await,
        Err(DomainError::Conflict(_))
    ));
    assert_eq!(act(UnitAction::Hold).await.expect("hold"), UnitStatus::Held);
    assert!(matches!(
        act(UnitAction::Hold).await,
        Err(DomainError::Conflict(_))
    ));
    assert_eq!(
        act(UnitAction::Reserve).await.expect("reserve"),
        UnitStatus::Reserved
    );
    assert!(
        !customers::get(&svc.db, &sales1, buyer)
            .await
            .expect("get")
            .kinds
            .owner,
        "a reservation is not ownership yet"
    );
    assert_eq!(
        act(UnitAction::Contract).await.expect("contract"),
        UnitStatus::Contracted
    );
    assert!(matches!(
        act(UnitAction::Cancel).await,
        Err(DomainError::Conflict(_))
    ));
    let kinds = customers::get(&svc.db, &sales1, buyer)
        .await
        .expect("get")
        .kinds;
    assert!(
        kinds.owner && !kinds.prospect,
        "a contract makes the customer an owner"
    );
    assert_eq!(
        act(UnitAction::Deliver).await.expect("deliver"),
        UnitStatus::Delivered
    );

    // Roles without SellUnits cannot touch units; a customer out of scope is refused.
    let admin = actor(&svc, "admin").await;
    let other = an_available_unit(&svc).await;
    assert!(matches!(
        inventory::act(&svc.db, &admin, other, UnitAction::Hold, Some(buyer), now).await,
        Err(DomainError::Forbidden)
    ));
    let sales2 = actor(&svc, "sales2").await;
    assert!(matches!(
        inventory::act(&svc.db, &sales2, other, UnitAction::Hold, Some(buyer), now).await,
        Err(DomainError::Validation(_))
    ));
    tdb.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_salespeople_reserving_at_once_get_exactly_one_winner() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let sales2 = actor(&svc, "sales2").await;
    let id = an_available_unit(&svc).await;
    let mut buyers = Vec::new();
    for i in 0..12 {
        let who = if i % 2 == 0 { &sales1 } else { &sales2 };
        buyers.push((
            who.clone(),
            new_customer(&svc, who, &format!("137444400{i:02}")).await,
        ));
    }
    let now = svc.clock.now();
    let attempts = buyers.into_iter().map(|(who, buyer)| {
        let db = svc.db.clone();
        tokio::spawn(async move {
            inventory::act(&db, &who, id, UnitAction::Reserve, Some(buyer), now).await
        })
    });
    let results = futures_join(attempts).await;
    let wins = results.iter().filter(|r| r.is_ok()).count();
    let conflicts = results
        .iter()
        .filter(|r| matches!(r, Err(DomainError::Conflict("unit_not_available"))))
        .count();
    assert_eq!((wins, conflicts), (1, 11), "{results:?}");
    let row = unit::Entity::find_by_id(id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("unit");
    assert_eq!(row.status, "reserved");
    tdb.cleanup().await;
}

async fn futures_join<T: Send + 'static>(
    handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
) -> Vec<T> {
    let mut out = Vec::new();
    for h in handles.collect::<Vec<_>>() {
        out.push(h.await.expect("task"));
    }
    out
}

#[tokio::test]
async fn an_expired_hold_frees_the_unit_for_someone_else() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let sales2 = actor(&svc, "sales2").await;
    let mine = new_customer(&svc, &sales1, "13755550001").await;
    let theirs = new_customer(&svc, &sales2, "13755550002").await;
    let id = an_available_unit(&svc).await;
    inventory::act(
        &svc.db,
        &sales1,
        id,
        UnitAction::Hold,
        Some(mine),
        svc.clock.now(),
    )
    .await
    .expect("hold");
    // While held, someone else cannot reserve it.
    let early = inventory::act(
        &svc.db,
        &sales2,
        id,
        UnitAction::Reserve,
        Some(theirs),
        svc.clock.now(),
    )
    .await;
    assert!(matches!(early, Err(DomainError::Conflict(_))), "{early:?}");
    svc.clock
        .advance(chrono::Duration::minutes(inventory::HOLD_MINUTES + 1));
    inventory::act(
        &svc.db,
        &sales2,
        id,
        UnitAction::Reserve,
        Some(theirs),
        svc.clock.now(),
    )
    .await
    .expect("the hold has expired");
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_grid_shows_floors_top_down_with_status_and_visible_buyers() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let buildings = inventory::buildings(&svc.db, &sales1)
        .await
        .expect("buildings");
    assert_eq!(buildings.len(), 4);
    let grid = inventory::grid(&svc.db, &sales1, buildings[0].id, svc.clock.now())
        .await
        .expect("grid");
    assert_eq!(grid.floors.len(), 18);
    assert_eq!(grid.floors[0].floor, 18);
    assert_eq!(grid.floors[0].units.len(), 4);
    let member = actor(&svc, "13800000001").await;
    assert!(matches!(
        inventory::grid(&svc.db, &member, buildings[0].id, svc.clock.now()).await,
        Err(DomainError::Forbidden)
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_hold_expiry_job_returns_expired_holds_once() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let buyer = new_customer(&svc, &sales1, "13755550009").await;
    let id = an_available_unit(&svc).await;
    inventory::act(
        &svc.db,
        &sales1,
        id,
        UnitAction::Hold,
        Some(buyer),
        svc.clock.now(),
    )
    .await
    .expect("hold");
    let demo_held = unit::Entity::find()
        .filter(unit::Column::Status.eq("held"))
        .filter(unit::Column::HoldExpiresAt.is_null())
        .all(&svc.db)
        .await
        .expect("q")
        .len();
    // Not yet due.
    assert_eq!(
        inventory::expire_holds(&svc.db, svc.clock.now())
            .await
            .expect("job"),
        0
    );
    svc.clock
        .advance(chrono::Duration::minutes(inventory::HOLD_MINUTES + 1));
    assert_eq!(
        inventory::expire_holds(&svc.db, svc.clock.now())
            .await
            .expect("job"),
        1
    );
    assert_eq!(
        inventory::expire_holds(&svc.db, svc.clock.now())
            .await
            .expect("again"),
        0
    );
    let row = unit::Entity::find_by_id(id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("unit");
    assert_eq!((row.status.as_str(), row.customer_id), ("available", None));
    // Demo holds without an expiry (entered by hand) are left alone.
    let still = unit::Entity::find()
        .filter(unit::Column::Status.eq("held"))
        .all(&svc.db)
        .await
        .expect("q")
        .len();
    assert_eq!(still, demo_held);
    tdb.cleanup().await;
}

#[tokio::test]
async fn an_admin_lays_out_a_building_in_one_step() {
    use anju_domain::entity::building;
    use anju_types::unit::{BuildingPlan, ProjectDraft, UnitType};
    let (tdb, svc) = crate::support::seeded().await;
    let admin = crate::support::actor(&svc, "admin").await;
    let sales1 = crate::support::actor(&svc, "sales1").await;
    let now = svc.clock.now();
    let project = ProjectDraft {
        code: "hxy".to_owned(),
        name: "安居·和煦苑".to_owned(),
        city: "广州".to_owned(),
        district: "天河区".to_owned(),
        status: None,
    };
    assert!(matches!(
        inventory::create_project(&svc.db, &sales1, &project, now).await,
        Err(DomainError::Forbidden)
    ));
    let project_id = inventory::create_project(&svc.db, &admin, &project, now)
        .await
        .expect("project");
    assert!(matches!(
        inventory::create_project(&svc.db, &admin, &project, now).await,
        Err(DomainError::Duplicate { field: "code", .. })
    ));
    let plan = BuildingPlan {
        project_id,
        name: "1栋".to_owned(),
        floors: 3,
        units_per_floor: 2,
        unit_types: vec![
            UnitType {
                layout: "三室两厅".to_owned(),
                area: "89.5".to_owned(),
            },
            UnitType {
                layout: "两室一厅".to_owned(),
                area: "60".to_owned(),
            },
        ],
        price_per_m2: "40000".to_owned(),
        floor_premium_bp: Some(100),
    };
    let before = building::Entity::find()
        .count(&svc.db)
        .await
        .expect("count");
    // Bad input changes nothing.
    let bad = BuildingPlan {
        floors: 0,
        unit_types: vec![UnitType {
            layout: "x".to_owned(),
            area: "-3".to_owned(),
        }],
        price_per_m2: "abc".to_owned(),
        ..plan.clone()
    };
    match inventory::create_building(&svc.db, &admin, &bad, now).await {
        Err(DomainError::Validation(fields)) => {
            let names: Vec<&str> = fields.iter().map(|f| f.field).collect();
            assert!(
                names.contains(&"floors")
                    && names.contains(&"unit_types")
                    && names.contains(&"price_per_m2"),
                "{names:?}"
            );
        }
        other => panic!("expected validation, got {other:?}"),
    }
    assert_eq!(
        building::Entity::find()
            .count(&svc.db)
            .await
            .expect("count"),
        before
    );
    assert!(matches!(
        inventory::create_building(&svc.db, &sales1, &plan, now).await,
        Err(DomainError::Forbidden)
    ));
    let created = inventory::create_building(&svc.db, &admin, &plan, now)
        .await
        .expect("building");
    assert_eq!((created.units, created.available), (6, 6));
    assert!(matches!(
        inventory::create_building(&svc.db, &admin, &plan, now).await,
        Err(DomainError::Duplicate { field: "name", .. })
    ));
    let grid = inventory::grid(&svc.db, &sales1, created.id, now)
        .await
        .expect("grid");
    let numbers: Vec<Vec<String>> = grid
        .floors
        .iter()
        .map(|f| f.units.iter().map(|u| u.number.clone()).collect())
        .collect();
    assert_eq!(
        numbers,
        vec![
            vec!["301".to_owned(), "302".to_owned()],
            vec!["201".to_owned(), "202".to_owned()],
            vec!["101".to_owned(), "102".to_owned()],
        ]
    );
    let top = &grid.floors[0].units[0];
    assert_eq!(top.layout, "三室两厅");
    // 89.5 m² × ¥40,000 × (1 + 2 floors × 1%) = ¥3,651,600.
    assert_eq!(top.list_price.fen(), 365_160_000);
    assert_eq!(grid.floors[2].units[1].list_price.fen(), 240_000_000);
    tdb.cleanup().await;
}

/// Members' listing: held units are not for sale until the hold expires;
/// a project taken back to 未发布 disappears.
#[tokio::test]
async fn listings_follow_holds_and_publication() {
    use anju_domain::entity::building;
    use anju_domain::inventory::listings;
    use anju_types::unit::ProjectStatus;
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let admin = actor(&svc, "admin").await;
    let member = actor(&svc, "13800000001").await;
    let buyer = new_customer(&svc, &sales1, "13755560001").await;
    let id = an_available_unit(&svc).await;
    let u = unit::Entity::find_by_id(id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("unit");
    let b = building::Entity::find_by_id(u.building_id)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("building");
    let for_sale = |at| {
        let db = svc.db.clone();
        let member = member.clone();
        let number = u.number.clone();
        async move {
            let grid = listings::building(&db, &member, b.id, at)
                .await
                .expect("grid");
            let cell = grid
                .floors
                .iter()
                .flat_map(|f| &f.units)
                .find(|c| c.number == number)
                .cloned()
                .expect("cell");
            (cell.for_sale, cell.list_price.is_some())
        }
    };
    assert_eq!(for_sale(svc.clock.now()).await, (true, true));
    inventory::act(
        &svc.db,
        &sales1,
        id,
        UnitAction::Hold,
        Some(buyer),
        svc.clock.now(),
    )
    .await
    .expect("hold");
    assert_eq!(for_sale(svc.clock.now()).await, (false, false));
    let later = svc.clock.now() + chrono::Duration::minutes(inventory::HOLD_MINUTES + 1);
    assert_eq!(
        for_sale(later).await,
        (true, true),
        "an expired hold is for sale again"
    );
    let counts = listings::projects(&svc.db, &member, later)
        .await
        .expect("projects");
    let before: u64 = counts
        .iter()
        .flat_map(|p| &p.buildings)
        .map(|b| b.for_sale)
        .sum();
    let now_counts = listings::projects(&svc.db, &member, svc.clock.now())
        .await
        .expect("projects");
    let during: u64 = now_counts
        .iter()
        .flat_map(|p| &p.buildings)
        .map(|b| b.for_sale)
        .sum();
    assert_eq!(before, during + 1);

    // Staff cannot use the members' view; members cannot publish.
    assert!(matches!(
        listings::projects(&svc.db, &sales1, later).await,
        Err(DomainError::Forbidden)
    ));
    assert!(matches!(
        inventory::set_project_status(&svc.db, &member, b.project_id, ProjectStatus::Draft, later)
            .await,
        Err(DomainError::Forbidden)
    ));
    inventory::set_project_status(&svc.db, &admin, b.project_id, ProjectStatus::Draft, later)
        .await
        .expect("unpublish");
    assert!(matches!(
        listings::building(&svc.db, &member, b.id, later).await,
        Err(DomainError::NotFound)
    ));
    let shown = listings::projects(&svc.db, &member, later)
        .await
        .expect("projects");
    assert_eq!(shown.len(), counts.len() - 1);
    tdb.cleanup().await;
}
