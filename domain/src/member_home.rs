//! The member home: the tiles a homeowner sees first (points, open
//! requests, surveys to answer), read in one statement because every member
//! opens this page first.

use crate::DomainError;
use crate::auth::{self, Actor};
use crate::db::{count_of, scalar};
use crate::entity::{member, survey, survey_invitation, ticket};
use anju_types::Permission;
use anju_types::member_home::MemberHome;
use anju_types::survey::SurveyStatus;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// The signed-in member's home tiles. Staff and merchants are refused: the
/// page shows them a way to their own console instead.
pub async fn summary(db: &DatabaseConnection, actor: &Actor) -> Result<MemberHome, DomainError> {
    auth::require(actor, Permission::UsePortal)?;
    let customer_id = actor.customer_id.ok_or(DomainError::NotFound)?;
    let balance = Query::select()
        .column(member::Column::PointsBalance)
        .from(member::Entity)
        .and_where(Expr::col(member::Column::CustomerId).eq(customer_id))
        .to_owned();
    let open_tickets = count_of(
        Query::select()
            .from(ticket::Entity)
            .and_where(Expr::col(ticket::Column::CustomerId).eq(customer_id))
            .and_where(crate::tickets::still_open_for_member())
            .to_owned(),
    );
    // What the surveys page lists as still to answer: unanswered
    // invitations to surveys that are open now.
    let surveys_to_answer = count_of(
        Query::select()
            .from(survey_invitation::Entity)
            .inner_join(
                survey::Entity,
                Expr::col((survey::Entity, survey::Column::Id)).equals((
                    survey_invitation::Entity,
                    survey_invitation::Column::SurveyId,
                )),
            )
            .and_where(
                Expr::col((
                    survey_invitation::Entity,
                    survey_invitation::Column::CustomerId,
                ))
                .eq(customer_id),
            )
            .and_where(
                Expr::col((
                    survey_invitation::Entity,
                    survey_invitation::Column::AnsweredAt,
                ))
                .is_null(),
            )
            .and_where(
                Expr::col((survey::Entity, survey::Column::Status)).eq(SurveyStatus::Open.as_str()),
            )
            .to_owned(),
    );
    let stmt = Query::select()
        .expr_as(scalar(balance), "points_balance")
        .expr_as(open_tickets, "open_tickets")
        .expr_as(surveys_to_answer, "surveys_to_answer")
        .to_owned();
    let row = db.query_one(&stmt).await?.ok_or(DomainError::NotFound)?;
    let points_balance: Option<i64> = row.try_get("", "points_balance")?;
    let open_tickets: i64 = row.try_get("", "open_tickets")?;
    let surveys_to_answer: i64 = row.try_get("", "surveys_to_answer")?;
    Ok(MemberHome {
        points_balance,
        open_tickets: u64::try_from(open_tickets).unwrap_or(0),
        surveys_to_answer: u64::try_from(surveys_to_answer).unwrap_or(0),
    })
}
