//! Marketing campaigns (市场活动) and what each brought.
//!
//! Attribution, first match wins:
//! 1. a customer with an opportunity carrying the campaign's code is its
//!    lead (codes are stored upper-case, on campaigns and opportunities);
//! 2. a customer with no campaign code on any opportunity is the lead of
//!    the campaign whose channel is the customer's source channel and whose
//!    dates hold the day the customer was registered — of two such
//!    campaigns, the one that started later (it is what they last saw).
//!
//! From the leads: visits (a `visit` interaction on or after the first
//! day), deals (contracts signed on or after the first day, not
//! cancelled), revenue (their prices), and the ratios to cost and leads.

use crate::audit;
use crate::auth::{self, Actor};
use crate::db::begin_write;
use crate::entity::{campaign, customer, deal, interaction, opportunity, project};
use crate::error::{FieldError, text_field};
use crate::{DomainError, business_day_start};
use anju_types::campaign::{CampaignDraft, CampaignFigures, CampaignView};
use anju_types::{InteractionKind, Money, Permission};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

const CODE_MAX: usize = 32;
const NAME_MAX: usize = 60;
const CHANNEL_MAX: usize = 32;

struct Valid {
    code: String,
    name: String,
    channel: String,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    cost: Money,
}

/// A campaign code as stored: trimmed, upper-case.
pub fn normalize_code(code: &str) -> String {
    code.trim().to_uppercase()
}

fn validate(d: &CampaignDraft) -> Result<Valid, DomainError> {
    let mut errors = Vec::new();
    let code = normalize_code(&d.code);
    if code.is_empty() {
        errors.push(FieldError {
            field: "code",
            code: "required",
        });
    } else if code.len() > CODE_MAX
        || !code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
    {
        errors.push(FieldError {
            field: "code",
            code: "invalid_campaign_code",
        });
    }
    let name = text_field(&mut errors, "name", &d.name, NAME_MAX, true);
    let channel = text_field(&mut errors, "channel", &d.channel, CHANNEL_MAX, true);
    let mut date = |field: &'static str, s: &str| {
        let parsed = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok();
        if parsed.is_none() {
            errors.push(FieldError {
                field,
                code: if s.trim().is_empty() {
                    "required"
                } else {
                    "invalid_date"
                },
            });
        }
        parsed
    };
    let starts_on = date("starts_on", &d.starts_on);
    let ends_on = date("ends_on", &d.ends_on);
    if let (Some(s), Some(e)) = (starts_on, ends_on)
        && e < s
    {
        errors.push(FieldError {
            field: "ends_on",
            code: "before_start",
        });
    }
    let cost = match Money::parse_field(&d.cost, false) {
        Ok(m) => Some(m),
        Err(code) => {
            errors.push(FieldError {
                field: "cost",
                code,
            });
            None
        }
    };
    match (starts_on, ends_on, cost) {
        (Some(starts_on), Some(ends_on), Some(cost)) if errors.is_empty() => Ok(Valid {
            code,
            name,
            channel,
            starts_on,
            ends_on,
            cost,
        }),
        _ => Err(DomainError::Validation(errors)),
    }
}

fn may_read(actor: &Actor) -> Result<(), DomainError> {
    if auth::can(actor, Permission::ManageMarketing) || auth::can(actor, Permission::ViewAnalytics)
    {
        Ok(())
    } else {
        Err(DomainError::Forbidden)
    }
}

/// Plans (`id` none) or corrects a campaign (marketing), audited.
pub async fn save(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    d: &CampaignDraft,
    now: DateTime<Utc>,
) -> Result<CampaignView, DomainError> {
    auth::require(actor, Permission::ManageMarketing)?;
    let v = validate(d)?;
    let tx = begin_write(db).await?;
    if let Some(pid) = d.project_id
        && project::Entity::find_by_id(pid).one(&tx).await?.is_none()
    {
        return Err(DomainError::field("project_id", "invalid_choice"));
    }
    let mut taken = campaign::Entity::find().filter(campaign::Column::Code.eq(v.code.as_str()));
    if let Some(id) = id {
        taken = taken.filter(campaign::Column::Id.ne(id));
    }
    if taken.count(&tx).await? > 0 {
        return Err(DomainError::field("code", "code_taken"));
    }
    let mut row = match id {
        Some(id) => campaign::Entity::find_by_id(id)
            .one(&tx)
            .await?
            .ok_or(DomainError::NotFound)?
            .into(),
        None => campaign::ActiveModel {
            created_by: Set(actor.user_id),
            created_at: Set(now),
            ..Default::default()
        },
    };
    row.code = Set(v.code);
    row.name = Set(v.name);
    row.channel = Set(v.channel);
    row.project_id = Set(d.project_id);
    row.starts_on = Set(v.starts_on);
    row.ends_on = Set(v.ends_on);
    row.cost_fen = Set(v.cost.fen());
    row.updated_at = Set(now);
    let row = match id {
        Some(_) => row.update(&tx).await?,
        None => row.insert(&tx).await?,
    };
    audit::record_save(
        &tx,
        now,
        actor.user_id,
        id.is_none(),
        ("campaign.create", "campaign.update"),
        "campaign",
        row.id,
        d,
    )
    .await?;
    tx.commit().await?;
    get(db, actor, row.id).await
}

/// Every campaign, newest first, with its figures (marketing, analysts).
pub async fn list(
    db: &DatabaseConnection,
    actor: &Actor,
) -> Result<Vec<CampaignView>, DomainError> {
    may_read(actor)?;
    let all = campaign::Entity::find()
        .order_by_desc(campaign::Column::StartsOn)
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?;
    let names = project_names(db, &all).await?;
    let mut out = Vec::with_capacity(all.len());
    for c in &all {
        out.push(view(c, figures(db, c, &all).await?, &names));
    }
    Ok(out)
}

/// One campaign with its figures.
pub async fn get(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
) -> Result<CampaignView, DomainError> {
    may_read(actor)?;
    let all = campaign::Entity::find().all(db).await?;
    let c = all
        .iter()
        .find(|c| c.id == id)
        .ok_or(DomainError::NotFound)?;
    let names = project_names(db, std::slice::from_ref(c)).await?;
    Ok(view(c, figures(db, c, &all).await?, &names))
}

async fn project_names(
    db: &impl ConnectionTrait,
    campaigns: &[campaign::Model],
) -> Result<HashMap<i64, String>, DomainError> {
    Ok(project::Entity::find()
        .select_only()
        .columns([project::Column::Id, project::Column::Name])
        .filter(project::Column::Id.is_in(campaigns.iter().filter_map(|c| c.project_id)))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

fn view(
    c: &campaign::Model,
    figures: CampaignFigures,
    names: &HashMap<i64, String>,
) -> CampaignView {
    CampaignView {
        id: c.id,
        code: c.code.clone(),
        name: c.name.clone(),
        channel: c.channel.clone(),
        project_id: c.project_id,
        project_name: c.project_id.and_then(|p| names.get(&p).cloned()),
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        cost: Money::from_fen(c.cost_fen),
        figures,
    }
}

/// The campaign's first instant and the instant after its last day.
fn window(c: &campaign::Model) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        business_day_start(c.starts_on),
        business_day_start(c.ends_on + Duration::days(1)),
    )
}

/// Which customers are the campaign's leads (see the module's rules), as a
/// condition on `customers`.
fn leads_of(c: &campaign::Model, all: &[campaign::Model]) -> Condition {
    let with_this_code = Query::select()
        .column(opportunity::Column::CustomerId)
        .from(opportunity::Entity)
        .and_where(opportunity::Column::CampaignCode.eq(c.code.as_str()))
        .to_owned();
    let with_any_code = Query::select()
        .column(opportunity::Column::CustomerId)
        .from(opportunity::Entity)
        .and_where(opportunity::Column::CampaignCode.is_not_null())
        .and_where(opportunity::Column::CampaignCode.ne(""))
        .to_owned();
    let (from, until) = window(c);
    let mut by_channel = Condition::all()
        .add(customer::Column::SourceChannel.eq(c.channel.as_str()))
        .add(customer::Column::CreatedAt.gte(from))
        .add(customer::Column::CreatedAt.lt(until))
        .add(customer::Column::Id.not_in_subquery(with_any_code));
    // A later campaign on the same channel takes the days it shares.
    for later in all.iter().filter(|d| {
        d.id != c.id
            && d.channel == c.channel
            && (d.starts_on, d.id) > (c.starts_on, c.id)
            && d.starts_on <= c.ends_on
            && d.ends_on >= c.starts_on
    }) {
        let (d_from, d_until) = window(later);
        by_channel = by_channel.add(
            Condition::any()
                .add(customer::Column::CreatedAt.lt(d_from))
                .add(customer::Column::CreatedAt.gte(d_until)),
        );
    }
    Condition::all()
        .add(customer::Column::MergedIntoId.is_null())
        .add(
            Condition::any()
                .add(customer::Column::Id.in_subquery(with_this_code))
                .add(by_channel),
        )
}

fn lead_ids(c: &campaign::Model, all: &[campaign::Model]) -> SelectStatement {
    Query::select()
        .column(customer::Column::Id)
        .from(customer::Entity)
        .cond_where(leads_of(c, all))
        .to_owned()
}

/// The campaign's figures: three counting queries.
pub async fn figures(
    db: &impl ConnectionTrait,
    c: &campaign::Model,
    all: &[campaign::Model],
) -> Result<CampaignFigures, DomainError> {
    let (from, _) = window(c);
    let leads = customer::Entity::find()
        .filter(leads_of(c, all))
        .count(db)
        .await? as i64;
    let visited = Query::select()
        .column(interaction::Column::CustomerId)
        .from(interaction::Entity)
        .and_where(interaction::Column::Kind.eq(InteractionKind::Visit.as_str()))
        .and_where(interaction::Column::OccurredAt.gte(from))
        .to_owned();
    let visits = customer::Entity::find()
        .filter(leads_of(c, all))
        .filter(customer::Column::Id.in_subquery(visited))
        .count(db)
        .await? as i64;
    let (deals, revenue): (i64, Option<i64>) = deal::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .column_as(Expr::cust("CAST(SUM(price_fen) AS BIGINT)"), "revenue")
        .filter(deal::Column::CustomerId.in_subquery(lead_ids(c, all)))
        .filter(deal::Column::ContractedAt.gte(from))
        .filter(deal::Column::CancelledAt.is_null())
        .into_tuple()
        .one(db)
        .await?
        .unwrap_or((0, None));
    let revenue = revenue.unwrap_or(0);
    Ok(CampaignFigures {
        leads,
        visits,
        deals,
        revenue: Money::from_fen(revenue),
        cost_per_lead: (leads > 0).then(|| Money::from_fen(rounded_div(c.cost_fen, leads))),
        visit_rate_bp: ratio_bp(visits, leads),
        conversion_bp: ratio_bp(deals, leads),
        roi_bp: ratio_bp(revenue - c.cost_fen, c.cost_fen),
    })
}

/// `num ÷ den` in basis points, rounded half away from zero; none for a
/// zero denominator.
pub fn ratio_bp(num: i64, den: i64) -> Option<i64> {
    (den != 0).then(|| rounded_div(num.saturating_mul(10_000), den))
}

fn rounded_div(num: i64, den: i64) -> i64 {
    let (n, d) = (i128::from(num), i128::from(den));
    let q = (2 * n.abs() + d.abs()) / (2 * d.abs());
    let q = if (n < 0) != (d < 0) { -q } else { q };
    q as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_round_half_away_from_zero() {
        assert_eq!(ratio_bp(1, 3), Some(3_333));
        assert_eq!(ratio_bp(2, 3), Some(6_667));
        assert_eq!(ratio_bp(-1, 8), Some(-1_250));
        assert_eq!(ratio_bp(-1, 3), Some(-3_333));
        assert_eq!(ratio_bp(5, 0), None);
        assert_eq!(rounded_div(100_000, 3), 33_333);
    }
}
