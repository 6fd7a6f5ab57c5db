//! Funnel and forecast figures per salesperson, team and project.

use crate::DomainError;
use crate::auth::{self, Actor};
use crate::customers::Scope;
use crate::db::names_by_id;
use crate::entity::{opportunity, project, user};
use anju_types::pipeline::{ForecastRow, FunnelStep, PipelineSummary};
use anju_types::{Money, Permission, Stage};
use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default)]
pub struct SummaryFilter {
    pub project_id: Option<i64>,
    pub sales_id: Option<i64>,
    /// Only opportunities opened on or after this day (Beijing time is the
    /// caller's concern; the comparison is on the stored UTC time).
    pub since: Option<NaiveDate>,
}

/// (group key, stage, count, expected amount, deal amount) per group.
type Groups = Vec<(Option<i64>, String, i64, Option<i64>, Option<i64>)>;
/// (count, expected amount, deal amount) per (group key, stage).
type Sums = BTreeMap<(Option<i64>, String), (i64, Option<i64>, Option<i64>)>;
/// (salesperson, project, stage, furthest rank, count, expected, deal)
pub(crate) type Row = (Option<i64>, i64, String, i32, i64, Option<i64>, Option<i64>);

pub async fn summary(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &SummaryFilter,
) -> Result<PipelineSummary, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    let mut cond = Condition::all().add(Scope::of(actor).owns(opportunity::Column::CustomerId));
    if let Some(p) = filter.project_id {
        cond = cond.add(opportunity::Column::ProjectId.eq(p));
    }
    if let Some(s) = filter.sales_id {
        cond = cond.add(opportunity::Column::SalesUserId.eq(s));
    }
    if let Some(d) = filter.since.and_then(|d| d.and_hms_opt(0, 0, 0)) {
        cond = cond.add(opportunity::Column::CreatedAt.gte(d.and_utc()));
    }
    summarize(db, cond).await
}

/// The funnel and forecast of the opportunities `cond` selects (callers
/// check permissions and scope).
pub(crate) async fn summarize(
    db: &DatabaseConnection,
    cond: Condition,
) -> Result<PipelineSummary, DomainError> {
    // One pass over the opportunities (an index-only scan for a period:
    // `idx_opportunities_created_cover`), folded three ways here.
    let groups: Vec<Row> = opportunity::Entity::find()
        .select_only()
        .column(opportunity::Column::SalesUserId)
        .column(opportunity::Column::ProjectId)
        .column(opportunity::Column::Stage)
        .column(opportunity::Column::FurthestRank)
        .column_as(Expr::col(opportunity::Column::Id).count(), "n")
        .column_as(
            Expr::cust("CAST(SUM(expected_amount_fen) AS BIGINT)"),
            "expected",
        )
        .column_as(Expr::cust("CAST(SUM(deal_amount_fen) AS BIGINT)"), "deal")
        .filter(cond)
        .group_by(opportunity::Column::SalesUserId)
        .group_by(opportunity::Column::ProjectId)
        .group_by(opportunity::Column::Stage)
        .group_by(opportunity::Column::FurthestRank)
        .into_tuple()
        .all(db)
        .await?;
    fold(db, groups).await
}

/// The funnel and forecast of opportunities counted per (salesperson,
/// project, stage, furthest rank).
pub(crate) async fn fold(
    db: &DatabaseConnection,
    groups: Vec<Row>,
) -> Result<PipelineSummary, DomainError> {
    let mut reached: BTreeMap<i32, i64> = BTreeMap::new();
    let mut by_sales = Sums::new();
    let mut by_project = Sums::new();
    for (sales, project, stage, rank, n, expected, deal) in groups {
        *reached.entry(rank).or_default() += n;
        for (map, key) in [(&mut by_sales, sales), (&mut by_project, Some(project))] {
            let g = map.entry((key, stage.clone())).or_default();
            g.0 += n;
            g.1 = sum_opt(g.1, expected)?;
            g.2 = sum_opt(g.2, deal)?;
        }
    }
    let funnel = funnel(&reached.into_iter().collect::<Vec<_>>());
    let flatten = |m: Sums| -> Groups {
        m.into_iter()
            .map(|((k, stage), (n, e, d))| (k, stage, n, e, d))
            .collect()
    };
    let (by_sales, by_project) = (flatten(by_sales), flatten(by_project));
    let staff_names = names_by_id::<user::Entity>(
        db,
        user::Column::Id,
        user::Column::DisplayName,
        by_sales.iter().filter_map(|g| g.0),
    )
    .await?;
    let project_names = names_by_id::<project::Entity>(
        db,
        project::Column::Id,
        project::Column::Name,
        by_project.iter().filter_map(|g| g.0),
    )
    .await?;
    let by_sales = rows(&by_sales, |k| {
        k.and_then(|k| staff_names.get(&k).cloned())
            .unwrap_or_default()
    })?;
    let by_project = rows(&by_project, |k| {
        k.and_then(|k| project_names.get(&k).cloned())
            .unwrap_or_default()
    })?;
    let total = by_project.iter().try_fold(ForecastRow::default(), add)?;
    Ok(PipelineSummary {
        funnel,
        total,
        by_sales,
        by_project,
    })
}

/// How many reached each step at least, and the conversion from the first.
pub fn funnel(reached_by_rank: &[(i32, i64)]) -> Vec<FunnelStep> {
    let at_least = |rank: i32| -> u64 {
        reached_by_rank
            .iter()
            .filter(|(r, _)| *r >= rank)
            .map(|(_, n)| *n as u64)
            .sum()
    };
    let first = at_least(Stage::Visit.rank());
    Stage::FUNNEL
        .into_iter()
        .map(|stage| {
            let reached = at_least(stage.rank());
            FunnelStep {
                stage,
                reached,
                // One decimal, computed in integers (per mille) first.
                conversion: (reached * 1000 + first / 2)
                    .checked_div(first)
                    .map_or(0.0, |per_mille| per_mille as f64 / 10.0),
            }
        })
        .collect()
}

/// Sums of money never wrap: an amount past `i64` is an error, not a
/// negative forecast. (Every money input is at most `Money::MAX`, so it
/// takes millions of the largest amounts to get here.)
fn overflow() -> DomainError {
    DomainError::Internal("pipeline amounts overflow".into())
}

fn sum_opt(a: Option<i64>, b: Option<i64>) -> Result<Option<i64>, DomainError> {
    match (a, b) {
        (None, None) => Ok(None),
        _ => a
            .unwrap_or(0)
            .checked_add(b.unwrap_or(0))
            .map(Some)
            .ok_or_else(overflow),
    }
}

fn plus(m: Money, fen: i64) -> Result<Money, DomainError> {
    m.checked_add(Money::from_fen(fen)).ok_or_else(overflow)
}

/// Expected amount × probability, rounded half up to the fen (in `i128`,
/// so no amount can wrap).
pub fn weighted(expected_fen: i64, stage: Stage) -> i64 {
    let w = (i128::from(expected_fen) * i128::from(stage.probability()) + 50) / 100;
    i64::try_from(w).unwrap_or(i64::MAX) // at most the amount itself
}

fn rows(
    groups: &Groups,
    name: impl Fn(Option<i64>) -> String,
) -> Result<Vec<ForecastRow>, DomainError> {
    let mut out: BTreeMap<Option<i64>, ForecastRow> = BTreeMap::new();
    for (key, stage, n, expected, deal) in groups {
        let Some(stage) = Stage::parse(stage) else {
            continue;
        };
        let row = out.entry(*key).or_insert_with(|| ForecastRow {
            key: *key,
            name: name(*key),
            ..Default::default()
        });
        let n = *n as u64;
        let expected = expected.unwrap_or(0);
        match stage {
            s if s.is_open() => {
                row.open += n;
                row.pipeline = plus(row.pipeline, expected)?;
                row.weighted = plus(row.weighted, weighted(expected, s))?;
            }
            Stage::Deal => {
                row.deals += n;
                row.deal_amount = plus(row.deal_amount, deal.unwrap_or(0))?;
            }
            _ => row.lost += n,
        }
    }
    Ok(out.into_values().collect())
}

fn add(mut acc: ForecastRow, r: &ForecastRow) -> Result<ForecastRow, DomainError> {
    acc.open += r.open;
    acc.pipeline = plus(acc.pipeline, r.pipeline.fen())?;
    acc.weighted = plus(acc.weighted, r.weighted.fen())?;
    acc.deals += r.deals;
    acc.deal_amount = plus(acc.deal_amount, r.deal_amount.fen())?;
    acc.lost += r.lost;
    Ok(acc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_funnel_counts_everything_that_got_at_least_that_far() {
        // 5 stopped at visit (or were lost there), 3 at intent, 1 pre-deal, 1 deal.
        let steps = funnel(&[(1, 5), (2, 3), (3, 1), (4, 1)]);
        let reached: Vec<u64> = steps.iter().map(|s| s.reached).collect();
        assert_eq!(reached, vec![10, 5, 2, 1]);
        assert_eq!(steps[1].conversion, 50.0);
        assert_eq!(steps[3].conversion, 10.0);
        assert!(
            funnel(&[])
                .iter()
                .all(|s| s.reached == 0 && s.conversion == 0.0)
        );
    }

    #[test]
    fn weighting_rounds_half_up_to_the_fen() {
        assert_eq!(weighted(1_000_000, Stage::PreDeal), 700_000);
        assert_eq!(weighted(5, Stage::Intent), 2); // 1.5 fen → 2
        assert_eq!(weighted(3, Stage::Visit), 0); // 0.3 fen → 0
    }
}
