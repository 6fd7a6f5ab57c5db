use crate::support::{actor, seeded};
use anju_domain::DomainError;
use anju_domain::customers::merge::{self, MERGE_LOST_REASON};
use anju_domain::customers::{self, CustomerDraft, InteractionDraft, SearchQuery, interactions};
use anju_domain::entity::{interaction, opportunity, project};
use anju_domain::pipeline;
use anju_types::merge::DuplicateReason;
use anju_types::pipeline::OpportunityDraft;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

fn person(mobile: &str) -> CustomerDraft {
    CustomerDraft {
        name: "张伟".to_owned(),
        mobile: mobile.to_owned(),
        ..Default::default()
    }
}

async fn opportunity_at(
    svc: &anju_domain::Services,
    who: &anju_domain::auth::Actor,
    customer_id: i64,
    project_id: i64,
    stage: &str,
) -> i64 {
    pipeline::create(
        &svc.db,
        who,
        &OpportunityDraft {
            customer_id,
            project_id,
            stage: Some(stage.to_owned()),
            ..Default::default()
        },
        svc.clock.now(),
    )
    .await
    .expect("opportunity")
    .id
}

async fn interactions_of(svc: &anju_domain::Services, customer_id: i64) -> u64 {
    interaction::Entity::find()
        .filter(interaction::Column::CustomerId.eq(customer_id))
        .count(&svc.db)
        .await
        .expect("count")
}

#[tokio::test]
async fn a_manager_merges_a_duplicate_nothing_is_lost_and_undo_restores_it() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let manager = actor(&svc, "manager1").await;
    let now = svc.clock.now();
    let projects: Vec<i64> = project::Entity::find()
        .order_by_asc(project::Column::Id)
        .all(&svc.db)
        .await
        .expect("projects")
        .into_iter()
        .map(|p| p.id)
        .collect();
    let (p, q) = (projects[0], projects[1]);

    let keep = customers::create(&svc.db, &sales1, &person("13755580001"), now)
        .await
        .expect("survivor")
        .id;
    let dup = customers::create(
        &svc.db,
        &sales1,
        &CustomerDraft {
            id_number: Some("11010519491231002X".to_owned()),
            employer: Some("华为".to_owned()),
            tags: vec!["学区".to_owned()],
            ..person("13755580002")
        },
        now,
    )
    .await
    .expect("duplicate")
    .id;
    for (c, note) in [(keep, "第一次来访"), (dup, "电话咨询户型")] {
        interactions::log(
            &svc.db,
            &sales1,
            c,
            &InteractionDraft {
                kind: "visit".to_owned(),
                notes: note.to_owned(),
                ..Default::default()
            },
            now,
        )
        .await
        .expect("interaction");
    }
    let kept_opp = opportunity_at(&svc, &sales1, keep, p, "intent").await;
    let dup_same_project = opportunity_at(&svc, &sales1, dup, p, "visit").await;
    let dup_other_project = opportunity_at(&svc, &sales1, dup, q, "intent").await;
    let before_keep = interactions_of(&svc, keep).await;
    let before_dup = interactions_of(&svc, dup).await;

    let found = merge::duplicates(&svc.db, &sales1, keep)
        .await
        .expect("duplicates");
    let candidate = found.iter().find(|c| c.id == dup).expect("dup offered");
    assert_eq!(candidate.reasons, vec![DuplicateReason::SameName]);

    // Only managers merge.
    assert!(matches!(
        merge::merge(&svc.db, &sales1, keep, dup, now).await,
        Err(DomainError::Forbidden)
    ));
    assert!(matches!(
        merge::merge(&svc.db, &manager, keep, keep, now).await,
        Err(DomainError::Validation(_))
    ));

    let record = merge::merge(&svc.db, &manager, keep, dup, now)
        .await
        .expect("merge");
    assert_eq!(record.counts.opportunities, 1);
    assert_eq!(record.counts.closed_opportunities, 1);
    assert_eq!(record.counts.tags, 1);
    assert!(record.counts.filled_fields.iter().any(|f| f == "id_number"));

    // The duplicate is gone from view; its phone finds the survivor.
    assert!(matches!(
        customers::get(&svc.db, &manager, dup).await,
        Err(DomainError::NotFound)
    ));
    let by_old_phone = customers::search(
        &svc.db,
        &sales1,
        &SearchQuery {
            q: Some("13755580002".to_owned()),
            limit: 10,
            ..Default::default()
        },
    )
    .await
    .expect("search");
    assert_eq!(
        by_old_phone.items.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![keep]
    );
    // Registering the old phone again points at the survivor.
    match customers::create(&svc.db, &sales1, &person("13755580002"), now).await {
        Err(DomainError::Duplicate { existing_id, .. }) => assert_eq!(existing_id, Some(keep)),
        other => panic!("expected duplicate, got {other:?}"),
    }

    // Nothing lost: every interaction and opportunity is on the survivor.
    assert_eq!(interactions_of(&svc, keep).await, before_keep + before_dup);
    assert_eq!(interactions_of(&svc, dup).await, 0);
    let survivor = customers::get(&svc.db, &manager, keep)
        .await
        .expect("survivor");
    assert_eq!(survivor.id_number.as_deref(), Some("11010519491231002X"));
    assert_eq!(survivor.employer.as_deref(), Some("华为"));
    assert_eq!(survivor.tags, vec!["学区".to_owned()]);
    let opps = pipeline::for_customer(&svc.db, &sales1, keep)
        .await
        .expect("opps");
    let ids: Vec<i64> = opps.iter().map(|o| o.id).collect();
    assert!(ids.contains(&kept_opp) && ids.contains(&dup_other_project));
    let closed = opportunity::Entity::find_by_id(dup_same_project)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("kept on the tombstone");
    assert_eq!(closed.stage, "lost");
    assert_eq!(closed.lost_reason.as_deref(), Some(MERGE_LOST_REASON));
    let history = customers::history(&svc.db, &manager, keep)
        .await
        .expect("history");
    assert!(history.iter().any(|h| h.field == "merged"));
    assert_eq!(
        merge::merges_of(&svc.db, &manager, keep)
            .await
            .expect("merges")
            .len(),
        1
    );

    // Undo puts everything back.
    let undone = merge::undo(&svc.db, &manager, record.id, now)
        .await
        .expect("undo");
    assert!(undone.undone_at.is_some());
    assert!(matches!(
        merge::undo(&svc.db, &manager, record.id, now).await,
        Err(DomainError::Conflict("merge_already_undone"))
    ));
    let restored = customers::get(&svc.db, &manager, dup)
        .await
        .expect("restored");
    assert_eq!(restored.id_number.as_deref(), Some("11010519491231002X"));
    assert_eq!(restored.tags, vec!["学区".to_owned()]);
    assert_eq!(interactions_of(&svc, keep).await, before_keep);
    assert_eq!(interactions_of(&svc, dup).await, before_dup);
    let survivor = customers::get(&svc.db, &manager, keep)
        .await
        .expect("survivor");
    assert_eq!(survivor.id_number, None);
    assert_eq!(survivor.employer, None);
    assert!(survivor.tags.is_empty());
    let reopened = opportunity::Entity::find_by_id(dup_same_project)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("opp");
    assert_eq!(
        (reopened.stage.as_str(), reopened.customer_id),
        ("visit", dup)
    );
    let other = opportunity::Entity::find_by_id(dup_other_project)
        .one(&svc.db)
        .await
        .expect("q")
        .expect("opp");
    assert_eq!(other.customer_id, dup);
    tdb.cleanup().await;
}

#[tokio::test]
async fn a_duplicate_further_along_must_be_the_survivor_and_scope_applies() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let manager = actor(&svc, "manager1").await;
    let service = actor(&svc, "service1").await;
    let now = svc.clock.now();
    let p = project::Entity::find()
        .one(&svc.db)
        .await
        .expect("q")
        .expect("project")
        .id;
    let a = customers::create(&svc.db, &sales1, &person("13755581001"), now)
        .await
        .expect("a")
        .id;
    let b = customers::create(&svc.db, &sales1, &person("13755581002"), now)
        .await
        .expect("b")
        .id;
    opportunity_at(&svc, &sales1, a, p, "visit").await;
    opportunity_at(&svc, &sales1, b, p, "pre_deal").await;
    assert!(matches!(
        merge::merge(&svc.db, &manager, a, b, now).await,
        Err(DomainError::Conflict("merge_duplicate_further"))
    ));
    // Nothing changed.
    assert!(customers::get(&svc.db, &manager, b).await.is_ok());
    // The other way round works.
    merge::merge(&svc.db, &manager, b, a, now)
        .await
        .expect("merge into the further one");
    // A service agent has no merge permission.
    assert!(matches!(
        merge::merge(&svc.db, &service, b, a, now).await,
        Err(DomainError::Forbidden)
    ));
    tdb.cleanup().await;
}

#[tokio::test]
async fn pinyin_initials_find_names() {
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let now = svc.clock.now();
    let id = customers::create(
        &svc.db,
        &sales1,
        &CustomerDraft {
            name: "欧阳娜娜".to_owned(),
            mobile: "13755582001".to_owned(),
            ..Default::default()
        },
        now,
    )
    .await
    .expect("create")
    .id;
    for q in ["oynn", "OYN", "欧阳"] {
        let page = customers::search(
            &svc.db,
            &sales1,
            &SearchQuery {
                q: Some(q.to_owned()),
                limit: 50,
                ..Default::default()
            },
        )
        .await
        .expect("search");
        assert!(page.items.iter().any(|c| c.id == id), "{q}");
    }
    tdb.cleanup().await;
}

/// Tables that refer to customers, read from the live schema (SQLite or
/// PostgreSQL), must each be handled by the merge.
#[tokio::test]
async fn every_table_that_refers_to_customers_is_handled_by_merge() {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
    let (_tdb, svc) = seeded().await;
    let backend = svc.db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            "SELECT m.name AS t FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND p.name = 'customer_id' ORDER BY 1"
        }
        _ => {
            "SELECT table_name::text AS t FROM information_schema.columns \
             WHERE column_name = 'customer_id' AND table_schema = current_schema() ORDER BY 1"
        }
    };
    let rows = svc
        .db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .expect("schema");
    let tables: Vec<String> = rows
        .iter()
        .map(|r| r.try_get::<String>("", "t").expect("name"))
        .collect();
    assert!(tables.contains(&"interactions".to_owned()), "{tables:?}");
    for t in &tables {
        assert!(
            merge::CUSTOMER_TABLES.iter().any(|(name, _)| name == t),
            "table `{t}` has a customer_id but merge::CUSTOMER_TABLES does not say how a merge treats it"
        );
    }
    for (name, _) in merge::CUSTOMER_TABLES {
        assert!(
            tables.iter().any(|t| t == name),
            "`{name}` has no customer_id column"
        );
    }
}

/// A duplicate's service tickets follow it to the survivor, and back on undo.
#[tokio::test]
async fn tickets_move_with_a_merge_and_back_with_undo() {
    use anju_domain::entity::ticket;
    use anju_domain::tickets::{self, StaffTicketDraft};
    use anju_types::ticket::TicketDraft;
    let (tdb, svc) = seeded().await;
    let sales1 = actor(&svc, "sales1").await;
    let manager = actor(&svc, "manager1").await;
    let agent = actor(&svc, "service1").await;
    let now = svc.clock.now();
    let keep = customers::create(&svc.db, &sales1, &person("13755581001"), now)
        .await
        .expect("survivor")
        .id;
    let dup = customers::create(&svc.db, &sales1, &person("13755581002"), now)
        .await
        .expect("duplicate")
        .id;
    let draft = StaffTicketDraft {
        customer_id: dup,
        channel: "hotline".to_owned(),
        priority: None,
        ticket: TicketDraft {
            kind: "inquiry".to_owned(),
            category: "inquiry.handover".to_owned(),
            title: "交房时间".to_owned(),
            description: "想了解交房安排。".to_owned(),
            unit_id: None,
        },
    };
    let t = tickets::open_for_customer(&svc.db, &agent, &draft, now)
        .await
        .expect("ticket")
        .id;
    let owner = |svc: &anju_domain::Services| {
        let db = svc.db.clone();
        async move {
            ticket::Entity::find_by_id(t)
                .one(&db)
                .await
                .expect("q")
                .expect("ticket")
                .customer_id
        }
    };
    let record = merge::merge(&svc.db, &manager, keep, dup, now)
        .await
        .expect("merge");
    assert_eq!(record.counts.tickets, 1);
    assert_eq!(owner(&svc).await, keep);
    merge::undo(&svc.db, &manager, record.id, now)
        .await
        .expect("undo");
    assert_eq!(owner(&svc).await, dup);
    tdb.cleanup().await;
}
