//! Pages read a fixed number of statements however many rows they show.
//! These were N+1 reads (found with `ANJU_LOG_SQL`): `/console/settings`
//! ran 47 statements, `/console/units` 32, `/console/pipeline` 27.

use crate::support::{actor, counting, new_customer, seeded, taken};
use anju_domain::entity::unit;
use anju_domain::{customers, inventory, pipeline, settings, tickets};
use anju_types::ticket::SlaPolicyUpdate;
use anju_types::unit::{BuildingPlan, UnitType};
use anju_types::{Stage, TicketKind, TicketPriority, UnitAction, UnitStatus};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};

#[tokio::test]
async fn settings_and_sla_policies_are_one_read_each() {
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    let now = svc.clock.now();
    settings::set_int(&svc.db, &admin, settings::HOLD_MINUTES.key, 45, now)
        .await
        .expect("hold minutes");
    let (kind, priority) = (TicketKind::ALL[0], TicketPriority::ALL[0]);
    let update = SlaPolicyUpdate {
        first_response_minutes: 20,
        resolution_minutes: 600,
        business_hours: true,
    };
    tickets::policies::set(
        &svc.db,
        &admin,
        kind.as_str(),
        priority.as_str(),
        &update,
        now,
    )
    .await
    .expect("sla policy");

    let (db, count) = counting(&svc.db);
    let listed = settings::list(&db, &admin).await.expect("settings");
    assert_eq!(taken(&count), 1);
    for s in &listed {
        let expected = if s.key == settings::HOLD_MINUTES.key {
            45
        } else {
            s.default
        };
        assert_eq!(s.value, expected, "{}", s.key);
    }

    let policies = tickets::policies::list(&db, &admin).await.expect("sla");
    assert_eq!(taken(&count), 1);
    assert_eq!(
        policies.len(),
        TicketKind::ALL.len() * TicketPriority::ALL.len()
    );
    for p in &policies {
        let changed = p.kind == kind && p.priority == priority;
        assert_eq!(p.customised, changed, "{:?} {:?}", p.kind, p.priority);
        if changed {
            assert_eq!(p.first_response_minutes, 20);
            assert_eq!(p.resolution_minutes, 600);
            assert!(p.business_hours);
        }
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_building_list_reads_the_same_however_many_buildings() {
    let (tdb, svc) = seeded().await;
    let admin = actor(&svc, "admin").await;
    let sales1 = actor(&svc, "sales1").await;
    let now = svc.clock.now();
    let (db, count) = counting(&svc.db);
    let before = inventory::buildings(&db, &sales1).await.expect("list");
    let statements = taken(&count);
    assert!(statements <= 3, "{statements} statements");

    // A new building, and a hold on the first one's first available unit.
    let plan = BuildingPlan {
        project_id: anju_domain::pipeline::projects(&svc.db, &admin)
            .await
            .expect("projects")[0]
            .id,
        name: "9栋".to_owned(),
        floors: 3,
        units_per_floor: 2,
        unit_types: vec![UnitType {
            layout: "三室两厅".to_owned(),
            area: "89.5".to_owned(),
        }],
        price_per_m2: "40000".to_owned(),
        floor_premium_bp: None,
    };
    inventory::create_building(&svc.db, &admin, &plan, now)
        .await
        .expect("building");
    let first = &before[0];
    let grid = inventory::grid(&svc.db, &sales1, first.id, now)
        .await
        .expect("grid");
    let unit = grid
        .floors
        .iter()
        .flat_map(|f| &f.units)
        .find(|u| u.status == anju_types::UnitStatus::Available)
        .expect("an available unit")
        .id;
    let buyer = new_customer(&svc, &sales1, "13755594001").await;
    inventory::act(&svc.db, &sales1, unit, UnitAction::Hold, Some(buyer), now)
        .await
        .expect("hold");

    let after = inventory::buildings(&db, &sales1).await.expect("list");
    assert_eq!(taken(&count), statements, "one more building, same reads");
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after[0].units, first.units);
    assert_eq!(after[0].available, first.available - 1);
    let new = after.last().expect("the new building");
    assert_eq!((new.name.as_str(), new.units, new.available), ("9栋", 6, 6));
    for (b, was) in after.iter().zip(&before).skip(1) {
        assert_eq!((b.units, b.available), (was.units, was.available));
    }
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_kanban_names_every_column_in_one_batch() {
    let (tdb, svc) = seeded().await;
    let manager = actor(&svc, "manager1").await;
    let (db, count) = counting(&svc.db);
    let board = pipeline::kanban(&db, &manager, &pipeline::BoardFilter::default())
        .await
        .expect("kanban");
    let statements = taken(&count);
    // Totals, one page of cards per non-empty stage, three name lookups.
    assert!(
        statements <= 1 + Stage::ALL.len() + 3,
        "{statements} statements"
    );
    assert_eq!(board.columns.len(), Stage::ALL.len());
    let mut cards = 0;
    for column in &board.columns {
        assert!(column.cards.len() as u64 <= column.count);
        assert!(column.count == 0 || !column.cards.is_empty());
        for card in &column.cards {
            assert_eq!(card.stage, column.stage);
            assert!(!card.customer_name.is_empty() && !card.project_name.is_empty());
        }
        cards += column.cards.len();
    }
    assert!(cards > 0, "the demo pipeline has cards");
    tdb.cleanup().await;
}

#[tokio::test]
async fn the_customer_list_is_one_statement_and_agrees_with_each_customer() {
    let (tdb, svc) = seeded().await;
    // An owner among sales1's customers: a unit delivered to them.
    let sales1 = actor(&svc, "sales1").await;
    let buyer = new_customer(&svc, &sales1, "13755594002").await;
    let delivered = unit::ActiveModel {
        id: Set(unit::Entity::find()
            .one(&svc.db)
            .await
            .expect("units")
            .expect("a unit")
            .id),
        status: Set(UnitStatus::Delivered.as_str().to_owned()),
        customer_id: Set(Some(buyer)),
        ..Default::default()
    };
    delivered.update(&svc.db).await.expect("deliver");
    let (db, count) = counting(&svc.db);
    for login in ["service1", "sales1", "manager1"] {
        let who = actor(&svc, login).await;
        let query = customers::SearchQuery {
            limit: 200,
            ..Default::default()
        };
        let page = customers::search(&db, &who, &query).await.expect("search");
        assert_eq!(taken(&count), 1, "{login}");
        assert!(!page.items.is_empty(), "{login} sees customers");
        for row in &page.items {
            let one = customers::get(&svc.db, &who, row.id).await.expect("get");
            assert_eq!(row.kinds, one.kinds, "{login}: {}", row.name);
            assert_eq!(
                row.assigned_sales, one.assigned_sales,
                "{login}: {}",
                row.name
            );
            assert_eq!((&row.name, &row.mobile), (&one.name, &one.mobile));
        }
        if login == "service1" {
            assert!(page.items.iter().any(|r| r.kinds.owner), "an owner");
            let zhang = customers::SearchQuery {
                q: Some("13800000001".to_owned()),
                limit: 20,
                ..Default::default()
            };
            let found = customers::search(&db, &who, &zhang).await.expect("zhang");
            assert_eq!(taken(&count), 1);
            assert!(
                found.items.len() == 1 && found.items[0].kinds.member,
                "{found:?}"
            );
            assert!(page.items.iter().any(|r| r.kinds.prospect), "a prospect");
            assert!(page.items.iter().any(|r| r.assigned_sales.is_some()));
        }
        // Newest first, and a full page says where the next one starts.
        assert!(page.items.windows(2).all(|w| w[0].id > w[1].id));
        let small = customers::SearchQuery {
            limit: 2,
            ..Default::default()
        };
        let first = customers::search(&db, &who, &small).await.expect("page");
        assert_eq!(taken(&count), 1);
        assert_eq!(first.next_after, first.items.last().map(|r| r.id));
    }
    tdb.cleanup().await;
}

/// SQLite must be the build with the query planner stability guarantee
/// (`LIBSQLITE3_FLAGS` in `.cargo/config.toml`): without it every
/// statement with a bound `LIMIT` — every sea-orm `.one()` — is parsed and
/// planned again on each run.
#[tokio::test]
async fn sqlite_plans_do_not_depend_on_bound_values() {
    let tdb = anju_domain::testing::TestDb::new().await;
    if !tdb.is_postgres() {
        let options: Vec<String> = sea_orm::ConnectionTrait::query_all_raw(
            &tdb.db,
            sea_orm::Statement::from_string(sea_orm::DbBackend::Sqlite, "PRAGMA compile_options"),
        )
        .await
        .expect("compile options")
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).expect("option"))
        .collect();
        assert!(
            options.iter().any(|o| o == "ENABLE_QPSG"),
            "SQLite built without ENABLE_QPSG: {options:?}"
        );
    }
    tdb.cleanup().await;
}
