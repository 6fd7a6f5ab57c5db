//! Surveys: built as drafts, sent to segments (members only, once each),
//! answered once with points, results question by question and the four
//! rates computed by hand; the revisit survey follows a closed ticket.

use crate::support::{actor, insert_customer, seeded};
use anju_domain::entity::{customer, customer_segment, interaction, survey_answer};
use anju_domain::idempotency::IdempotencyKey;
use anju_domain::marketing::surveys;
use anju_domain::tickets;
use anju_domain::{DomainError, Services, club};
use anju_types::TicketAction;
use anju_types::segment::Segment;
use anju_types::survey::{AnswerDraft, QuestionDraft, SurveyDraft, SurveySend, SurveyStatus};
use anju_types::ticket::TicketDraft;
use chrono::Duration;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};

fn q(prompt: &str, kind: &str, options: &str, required: bool, measure: &str) -> QuestionDraft {
    QuestionDraft {
        prompt: prompt.to_owned(),
        kind: kind.to_owned(),
        options: options.to_owned(),
        required,
        measure: measure.to_owned(),
    }
}

fn fields<T: std::fmt::Debug>(r: Result<T, DomainError>) -> Vec<(&'static str, &'static str)> {
    match r {
        Err(DomainError::Validation(errors)) => errors.iter().map(|e| (e.field, e.code)).collect(),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

async fn customer_of(svc: &Services, mobile: &str) -> i64 {
    customer::Entity::find()
        .filter(customer::Column::Mobile.eq(mobile))
        .one(&svc.db)
        .await
        .expect("find")
        .expect("customer")
        .id
}

async fn place(svc: &Services, customer_id: i64, segment: Segment) {
    customer_segment::ActiveModel {
        customer_id: Set(customer_id),
        segment: Set(segment.as_str().to_owned()),
        score: Set(50),
        computed_at: Set(svc.clock.now()),
    }
    .insert(&svc.db)
    .await
    .expect("segment row");
}

fn answer(question_id: i64, value: &str) -> AnswerDraft {
    AnswerDraft {
        question_id,
        value: value.to_owned(),
        choices: Vec::new(),
    }
}

fn choices(question_id: i64, picked: &[usize]) -> AnswerDraft {
    AnswerDraft {
        question_id,
        value: String::new(),
        choices: picked.to_vec(),
    }
}

#[tokio::test]
async fn a_survey_goes_to_a_segment_is_answered_once_and_its_figures_add_up() {
    let (_tdb, svc) = seeded().await;
    let mkt = actor(&svc, "mkt1").await;
    let zhang = actor(&svc, "13800000001").await;
    let li = actor(&svc, "13800000002").await;
    let now = svc.clock.now();

    assert_eq!(
        fields(surveys::create(&svc.db, &mkt, &SurveyDraft::default(), now).await),
        [("title", "required")]
    );
    let draft = SurveyDraft {
        title: "2026 年度业主满意度调查".to_owned(),
        intro: "感谢您抽出三分钟。".to_owned(),
        for_ticket_revisits: false,
    };
    assert!(matches!(
        surveys::create(&svc.db, &zhang, &draft, now).await,
        Err(DomainError::Forbidden)
    ));
    let s = surveys::create(&svc.db, &mkt, &draft, now)
        .await
        .expect("create");
    assert_eq!(s.status, SurveyStatus::Draft);
    let to_middle = SurveySend {
        segments: vec!["middle".to_owned()],
    };
    assert!(matches!(
        surveys::send(&svc.db, &mkt, s.id, &to_middle, now).await,
        Err(DomainError::Conflict("no_questions"))
    ));

    // Bad questions are refused field by field.
    assert_eq!(
        fields(
            surveys::add_question(
                &svc.db,
                &mkt,
                s.id,
                &q("最满意", "single", "物业", true, ""),
                now
            )
            .await
        ),
        [("options", "too_few_options")]
    );
    assert_eq!(
        fields(
            surveys::add_question(
                &svc.db,
                &mkt,
                s.id,
                &q("", "nps", "", true, "referral"),
                now
            )
            .await
        ),
        [("prompt", "required"), ("measure", "measure_needs_scale")]
    );
    let questions = [
        q(
            "总体而言，您对我们满意吗？",
            "scale",
            "",
            true,
            "satisfaction",
        ),
        q(
            "您会再次购买我们的房子吗？",
            "scale",
            "",
            true,
            "repurchase",
        ),
        q("您会推荐亲友购买吗？", "scale", "", true, "referral"),
        q("您向朋友推荐我们的可能性有多大？", "nps", "", true, ""),
        q(
            "您最满意的方面",
            "single",
            "物业服务\n园林景观\n户型设计\n物业服务",
            true,
            "",
        ),
        q("希望增加的活动", "multiple", "亲子\n运动\n讲座", false, ""),
        q("其他建议", "text", "", false, ""),
    ];
    let mut s = s;
    for question in &questions {
        s = surveys::add_question(&svc.db, &mkt, s.id, question, now)
            .await
            .expect("question");
    }
    assert_eq!(s.questions.len(), 7);
    assert_eq!(
        s.questions[4].options,
        ["物业服务", "园林景观", "户型设计"],
        "duplicates dropped"
    );
    let id = |i: usize| s.questions[i].id;

    // The segment: both demo members and a customer with no portal account.
    customer_segment::Entity::delete_many()
        .exec(&svc.db)
        .await
        .expect("clear");
    let zhang_customer = customer_of(&svc, "13800000001").await;
    place(&svc, zhang_customer, Segment::Middle).await;
    place(
        &svc,
        customer_of(&svc, "13800000002").await,
        Segment::Middle,
    )
    .await;
    // A customer with no portal account.
    let offline = insert_customer(&svc, "线下客户", "13599991234", true, now).await;
    place(&svc, offline, Segment::Middle).await;

    let sent = surveys::send(&svc.db, &mkt, s.id, &to_middle, now)
        .await
        .expect("send");
    assert_eq!(
        (sent.invited, sent.already_invited, sent.without_account),
        (2, 0, 1)
    );
    let again = surveys::send(&svc.db, &mkt, s.id, &to_middle, now)
        .await
        .expect("again");
    assert_eq!((again.invited, again.already_invited), (0, 2));
    assert!(matches!(
        surveys::add_question(&svc.db, &mkt, s.id, &questions[0], now).await,
        Err(DomainError::Conflict("survey_not_draft"))
    ));

    // 张伟 answers in the portal.
    let mine = surveys::mine(&svc.db, &zhang).await.expect("mine");
    assert_eq!(mine.len(), 1);
    assert!(mine[0].open && mine[0].answered_at.is_none());
    assert_eq!(mine[0].points, 20, "the club's survey rule");
    let invitation = mine[0].invitation_id;
    assert!(matches!(
        surveys::form(&svc.db, &li, invitation).await,
        Err(DomainError::NotFound)
    ));
    let form = surveys::form(&svc.db, &zhang, invitation)
        .await
        .expect("form");
    assert_eq!(form.questions.len(), 7);
    assert_eq!(
        fields(
            surveys::answer(
                &svc.db,
                &zhang,
                invitation,
                &[answer(id(0), "5")],
                None,
                now
            )
            .await
        ),
        [("answers", "required")]
    );
    assert_eq!(
        fields(
            surveys::answer(
                &svc.db,
                &zhang,
                invitation,
                &[
                    answer(id(0), "6"),
                    answer(id(1), "4"),
                    answer(id(2), "3"),
                    answer(id(3), "10"),
                    answer(id(4), "0"),
                ],
                None,
                now
            )
            .await
        ),
        [("answers", "out_of_range")]
    );
    let balance = |who| {
        let svc = &svc;
        async move {
            club::membership::points_summary(&svc.db, who, svc.clock.now())
                .await
                .expect("points")
                .balance
        }
    };
    let before = balance(&zhang).await;
    let zhang_answers = [
        answer(id(0), "5"),
        answer(id(1), "4"),
        answer(id(2), "3"),
        answer(id(3), "10"),
        answer(id(4), "0"),
        choices(id(5), &[2, 0]),
        answer(id(6), "  园区夜间照明可以再亮一些 "),
    ];
    let done = surveys::answer(&svc.db, &zhang, invitation, &zhang_answers, None, now)
        .await
        .expect("answer");
    assert_eq!(done.answered_at, Some(now));
    assert_eq!(balance(&zhang).await, before + 20);
    assert!(matches!(
        surveys::answer(&svc.db, &zhang, invitation, &zhang_answers, None, now).await,
        Err(DomainError::Conflict("already_answered"))
    ));
    assert_eq!(balance(&zhang).await, before + 20, "points once");
    let logged = interaction::Entity::find()
        .filter(interaction::Column::CustomerId.eq(zhang_customer))
        .filter(interaction::Column::Kind.eq("survey"))
        .count(&svc.db)
        .await
        .expect("count");
    assert_eq!(logged, 1);

    // 李娜 answers with a key; the retry returns the first result.
    let li_invitation = surveys::mine(&svc.db, &li).await.expect("mine")[0].invitation_id;
    let li_answers = [
        answer(id(0), "3"),
        answer(id(1), "5"),
        answer(id(2), "5"),
        answer(id(3), "6"),
        answer(id(4), "1"),
        choices(id(5), &[2]),
    ];
    let key = IdempotencyKey::parse("survey-li-1").expect("key");
    let first = surveys::answer(&svc.db, &li, li_invitation, &li_answers, Some(&key), now)
        .await
        .expect("li");
    let retry = surveys::answer(&svc.db, &li, li_invitation, &li_answers, Some(&key), now)
        .await
        .expect("retry");
    assert_eq!(first, retry);
    let stored = survey_answer::Entity::find()
        .filter(survey_answer::Column::InvitationId.eq(li_invitation))
        .count(&svc.db)
        .await
        .expect("count");
    assert_eq!(stored, 6, "one set of answers");

    // Results against the hand count.
    let r = surveys::results(&svc.db, &mkt, s.id)
        .await
        .expect("results");
    assert_eq!((r.survey.invited, r.survey.responses), (2, 2));
    assert_eq!(r.response_rate_bp, Some(10_000));
    let by = |i: usize| &r.questions[i];
    assert_eq!(by(0).counts, [0, 0, 1, 0, 1]);
    assert_eq!(by(0).mean_x100, Some(400));
    assert_eq!(by(3).counts.len(), 11);
    assert_eq!((by(3).counts[10], by(3).counts[6]), (1, 1));
    assert_eq!(by(3).mean_x100, Some(800));
    assert_eq!(by(3).nps, Some(0), "one promoter, one detractor");
    assert_eq!(by(4).counts, [1, 1, 0]);
    assert_eq!((by(5).counts.clone(), by(5).answered), (vec![1, 0, 2], 2));
    assert_eq!(by(6).texts, ["园区夜间照明可以再亮一些"]);
    assert_eq!(by(6).answered, 1);
    // 满意度: 5 yes, 3 no; 再购: 4 yes, 5 yes; 推荐: 3 no, 5 yes; loyal: neither.
    assert_eq!(r.rates.satisfaction_bp, Some(5_000));
    assert_eq!(r.rates.repurchase_bp, Some(10_000));
    assert_eq!(r.rates.referral_bp, Some(5_000));
    assert_eq!(r.rates.loyalty_bp, Some(0));
    assert_eq!(r.rates.bases, [2, 2, 2, 2]);
    assert_eq!(
        surveys::vanke_rates(&svc.db, None).await.expect("all"),
        r.rates
    );

    // Closed: no more answers, and it leaves the member's list unless answered.
    let closed = surveys::close(&svc.db, &mkt, s.id, now)
        .await
        .expect("close");
    assert_eq!(closed.status, SurveyStatus::Closed);
    assert!(matches!(
        surveys::send(&svc.db, &mkt, s.id, &to_middle, now).await,
        Err(DomainError::Conflict("survey_closed"))
    ));
    assert_eq!(surveys::mine(&svc.db, &zhang).await.expect("mine").len(), 1);
}

#[tokio::test]
async fn the_revisit_survey_follows_each_closed_ticket() {
    let (_tdb, svc) = seeded().await;
    let mkt = actor(&svc, "mkt1").await;
    let member = actor(&svc, "13800000001").await;
    let agent = actor(&svc, "service1").await;
    let now = || svc.clock.now();
    let revisit = surveys::create(
        &svc.db,
        &mkt,
        &SurveyDraft {
            title: "服务回访".to_owned(),
            intro: String::new(),
            for_ticket_revisits: true,
        },
        now(),
    )
    .await
    .expect("create");
    surveys::add_question(
        &svc.db,
        &mkt,
        revisit.id,
        &q("您对这次服务满意吗？", "scale", "", true, "satisfaction"),
        now(),
    )
    .await
    .expect("question");
    // Opened with no segment: it only waits for tickets.
    let sent = surveys::send(&svc.db, &mkt, revisit.id, &SurveySend::default(), now())
        .await
        .expect("open");
    assert_eq!(sent.invited, 0);
    let before = surveys::mine(&svc.db, &member).await.expect("mine").len();

    let opened = tickets::open_for_member(
        &svc.db,
        &member,
        &TicketDraft {
            kind: "repair".to_owned(),
            category: "repair.leaks".to_owned(),
            title: "厨房水龙头滴水".to_owned(),
            description: "关紧后仍有滴水。".to_owned(),
            unit_id: None,
        },
        now(),
    )
    .await
    .expect("ticket");
    svc.clock.advance(Duration::hours(1));
    tickets::agent_act(
        &svc.db,
        &agent,
        opened.id,
        TicketAction::Resolve,
        None,
        now(),
    )
    .await
    .expect("resolve");
    assert_eq!(
        surveys::mine(&svc.db, &member).await.expect("mine").len(),
        before,
        "not before it closes"
    );
    tickets::member_act(
        &svc.db,
        &member,
        opened.id,
        TicketAction::Confirm,
        None,
        now(),
    )
    .await
    .expect("confirm");
    let mine = surveys::mine(&svc.db, &member).await.expect("mine");
    assert_eq!(mine.len(), before + 1);
    let invited = mine
        .iter()
        .find(|m| m.title == "服务回访")
        .expect("invited");
    assert_eq!(
        invited.ticket_number.as_deref(),
        Some(opened.number.as_str())
    );
}
