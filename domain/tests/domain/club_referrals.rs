use crate::club::form;
use crate::support::{actor, seeded};
use anju_domain::club::{membership, news, purchases, referrals};
use anju_domain::entity::{customer, member, project, referral, unit};
use anju_domain::idempotency::IdempotencyKey;
use anju_domain::{DomainError, inventory, notifications};
use anju_types::news::NewsDraft;
use anju_types::referral::{ReferralDraft, ReferralStatus};
use anju_types::unit::ProjectStatus;
use anju_types::{Lang, NotificationKind, UnitAction, UnitStatus};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};

fn friend(name: &str, mobile: &str) -> ReferralDraft {
    ReferralDraft {
        name: name.to_owned(),
        mobile: mobile.to_owned(),
        project_id: None,
        note: Some("想看三居室".to_owned()),
    }
}

#[tokio::test]
async fn a_referred_friends_contract_rewards_the_member_once() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let zhang = actor(&svc, "13800000001").await;
    let li = actor(&svc, "13800000002").await;
    let manager = actor(&svc, "manager1").await;
    let before = membership::own(&svc.db, &zhang)
        .await
        .expect("member")
        .points_balance;

    let key = IdempotencyKey::parse("ref-1").expect("key");
    let sent = referrals::refer(
        &svc.db,
        &zhang,
        &friend("赵六", "13912345678"),
        Some(&key),
        now,
    )
    .await
    .expect("refer");
    assert_eq!(sent.status, ReferralStatus::Submitted);
    assert_eq!(sent.friend_mobile, "139****5678");
    let again = referrals::refer(
        &svc.db,
        &zhang,
        &friend("赵六", "13912345678"),
        Some(&key),
        now,
    )
    .await
    .expect("replayed");
    assert_eq!(again, sent);
    // The friend is a new, unassigned lead from 老带新, noting who referred them.
    let lead = customer::Entity::find()
        .filter(customer::Column::Mobile.eq("13912345678"))
        .one(&svc.db)
        .await
        .expect("q")
        .expect("lead");
    assert_eq!(lead.source_channel.as_deref(), Some(referrals::SOURCE));
    assert_eq!(lead.assigned_sales_id, None);
    assert!(lead.notes.as_deref().unwrap_or_default().contains("张伟"));

    // Others cannot see it by id.
    assert!(matches!(
        referrals::get_mine(&svc.db, &li, sent.id).await,
        Err(DomainError::NotFound)
    ));
    assert!(
        referrals::mine(&svc.db, &li)
            .await
            .expect("mine")
            .is_empty()
    );

    // The friend signs: the member earns the referral reward, once.
    let u = unit::Entity::find()
        .filter(unit::Column::Status.eq(UnitStatus::Available.as_str()))
        .one(&svc.db)
        .await
        .expect("q")
        .expect("unit");
    inventory::act(
        &svc.db,
        &manager,
        u.id,
        UnitAction::Reserve,
        Some(lead.id),
        now,
    )
    .await
    .expect("reserve");
    let visited = referrals::get_mine(&svc.db, &zhang, sent.id)
        .await
        .expect("get");
    assert_eq!(
        visited.status,
        ReferralStatus::Visited,
        "a reservation opens an opportunity"
    );
    inventory::act(&svc.db, &manager, u.id, UnitAction::Contract, None, now)
        .await
        .expect("contract");
    purchases::consume(&svc.db, now).await.expect("consume");
    purchases::consume(&svc.db, now).await.expect("again");
    let won = referrals::get_mine(&svc.db, &zhang, sent.id)
        .await
        .expect("get");
    assert_eq!(won.status, ReferralStatus::Won);
    assert_eq!(won.reward_points, Some(2_000));
    let after = membership::own(&svc.db, &zhang)
        .await
        .expect("member")
        .points_balance;
    assert_eq!(after, before + 2_000);
    let told = notifications::list(&svc.db, &zhang, None, Lang::Zh)
        .await
        .expect("notes");
    assert_eq!(told.items[0].kind, NotificationKind::ReferralWon);
    assert!(told.items[0].text.contains("赵六"));

    // A second home for the same friend earns no second reward.
    let u2 = unit::Entity::find()
        .filter(unit::Column::Status.eq(UnitStatus::Available.as_str()))
        .one(&svc.db)
        .await
        .expect("q")
        .expect("unit");
    inventory::act(
        &svc.db,
        &manager,
        u2.id,
        UnitAction::Reserve,
        Some(lead.id),
        now,
    )
    .await
    .expect("reserve");
    inventory::act(&svc.db, &manager, u2.id, UnitAction::Contract, None, now)
        .await
        .expect("contract");
    purchases::consume(&svc.db, now).await.expect("consume");
    let last = membership::own(&svc.db, &zhang)
        .await
        .expect("member")
        .points_balance;
    assert_eq!(last, after);

    // When the friend joins the club, the membership remembers the referrer.
    membership::enrol(&svc.db, &form("13912345678"), None, now)
        .await
        .expect("enrol");
    let joined = member::Entity::find()
        .filter(member::Column::CustomerId.eq(lead.id))
        .one(&svc.db)
        .await
        .expect("q")
        .expect("member");
    let zhang_m = membership::own(&svc.db, &zhang).await.expect("member");
    assert_eq!(joined.referred_by_member_id, Some(zhang_m.id));
    tdb.cleanup().await;
}

#[tokio::test]
async fn referrals_refuse_known_people_bad_input_and_floods() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let zhang = actor(&svc, "13800000001").await;
    let before = referral::Entity::find().count(&svc.db).await.expect("n");
    let customers = customer::Entity::find().count(&svc.db).await.expect("n");

    // Someone already on file (李娜) belongs to whoever brought them.
    assert!(matches!(
        referrals::refer(&svc.db, &zhang, &friend("李娜", "13800000002"), None, now).await,
        Err(DomainError::Conflict("already_known"))
    ));
    assert!(matches!(
        referrals::refer(&svc.db, &zhang, &friend("自己", "13800000001"), None, now).await,
        Err(DomainError::Validation(ref f)) if f[0].code == "self_referral"
    ));
    let err = referrals::refer(&svc.db, &zhang, &friend("", "12345"), None, now)
        .await
        .expect_err("bad");
    let DomainError::Validation(fields) = err else {
        panic!("{err:?}")
    };
    let named: Vec<_> = fields.iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(named, [("name", "required"), ("mobile", "invalid_mobile")]);
    // A project members cannot see is not a choice.
    let draft_project = project::Entity::find()
        .filter(project::Column::Status.eq(ProjectStatus::Draft.as_str()))
        .one(&svc.db)
        .await
        .expect("q");
    if let Some(p) = draft_project {
        let mut d = friend("钱七", "13912340000");
        d.project_id = Some(p.id);
        assert!(matches!(
            referrals::refer(&svc.db, &zhang, &d, None, now).await,
            Err(DomainError::Validation(ref f)) if f[0].field == "project_id"
        ));
    }
    assert_eq!(
        referral::Entity::find().count(&svc.db).await.expect("n"),
        before
    );
    assert_eq!(
        customer::Entity::find().count(&svc.db).await.expect("n"),
        customers
    );

    // Ten a day, then `referral_limit`.
    for i in 0..10 {
        referrals::refer(
            &svc.db,
            &zhang,
            &friend("朋友", &format!("1391111{i:04}")),
            None,
            now,
        )
        .await
        .expect("refer");
    }
    assert!(matches!(
        referrals::refer(&svc.db, &zhang, &friend("朋友", "13911119999"), None, now).await,
        Err(DomainError::Conflict("referral_limit"))
    ));
    let tomorrow = now + Duration::hours(25);
    referrals::refer(
        &svc.db,
        &zhang,
        &friend("朋友", "13911119999"),
        None,
        tomorrow,
    )
    .await
    .expect("a day later");
    assert_eq!(
        referrals::mine(&svc.db, &zhang).await.expect("mine").len(),
        11
    );
    // Staff are not members: no referrals of their own.
    let sales = actor(&svc, "sales1").await;
    assert!(referrals::mine(&svc.db, &sales).await.is_err());
    tdb.cleanup().await;
}

#[tokio::test]
async fn members_read_project_news_before_the_public_launch() {
    let (tdb, svc) = seeded().await;
    let now = svc.clock.now();
    let club1 = actor(&svc, "club1").await;
    let zhang = actor(&svc, "13800000001").await;
    let p = project::Entity::find()
        .one(&svc.db)
        .await
        .expect("q")
        .expect("project");
    let today = anju_domain::business_date(now);
    let d = NewsDraft {
        project_id: p.id,
        title: "二期即将开盘".to_owned(),
        body: "会员可提前预约看房。".to_owned(),
        members_from: today.to_string(),
        public_from: Some((today + chrono::Days::new(10)).to_string()),
    };
    let item = news::save(&svc.db, &club1, None, &d, now)
        .await
        .expect("publish");
    assert!(item.members_only);
    let seen = news::list(&svc.db, Some(&zhang), now)
        .await
        .expect("member");
    assert!(seen.iter().any(|n| n.id == item.id && n.members_only));
    let public = news::list(&svc.db, None, now).await.expect("public");
    assert!(
        public.iter().all(|n| n.id != item.id),
        "not public before the launch"
    );
    // Staff who neither write news nor are members read what is public.
    let sales1 = actor(&svc, "sales1").await;
    let staff_view = news::list(&svc.db, Some(&sales1), now)
        .await
        .expect("staff");
    assert!(staff_view.iter().all(|n| n.id != item.id), "not public yet");
    let launch = now + Duration::days(10);
    let public = news::list(&svc.db, None, launch).await.expect("public");
    assert!(public.iter().any(|n| n.id == item.id && !n.members_only));

    // Scheduled for later: members do not see it yet; the writer does.
    let mut later = d.clone();
    later.members_from = (today + chrono::Days::new(3)).to_string();
    later.title = "样板间开放".to_owned();
    let soon = news::save(&svc.db, &club1, None, &later, now)
        .await
        .expect("publish");
    assert!(
        news::list(&svc.db, Some(&zhang), now)
            .await
            .expect("m")
            .iter()
            .all(|n| n.id != soon.id)
    );
    assert!(
        news::list(&svc.db, Some(&club1), now)
            .await
            .expect("w")
            .iter()
            .any(|n| n.id == soon.id)
    );

    // Members cannot write; bad drafts name their fields.
    assert!(matches!(
        news::save(&svc.db, &zhang, None, &d, now).await,
        Err(DomainError::Forbidden)
    ));
    let bad = NewsDraft {
        project_id: p.id,
        title: String::new(),
        body: "x".to_owned(),
        members_from: today.to_string(),
        public_from: Some((today - chrono::Days::new(1)).to_string()),
    };
    let err = news::save(&svc.db, &club1, None, &bad, now)
        .await
        .expect_err("bad");
    let DomainError::Validation(fields) = err else {
        panic!("{err:?}")
    };
    let named: Vec<_> = fields.iter().map(|f| (f.field, f.code)).collect();
    assert_eq!(
        named,
        [("title", "required"), ("public_from", "before_members")]
    );
    tdb.cleanup().await;
}
