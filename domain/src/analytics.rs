//! The analytics dashboard (数据看板) for marketing and managers: each
//! chart's figures for a project and a period, read from what sales,
//! service, the club and marketing recorded.
//!
//! - **Funnel and forecast**: opportunities opened in the period (of the
//!   project, or all): how many reached each stage, and by project the open
//!   pipeline, its weighted forecast and the deals signed.
//! - **Customer pyramid**: as the segmentation job last computed it.
//! - **Campaign ROI**: campaigns whose dates meet the period, of the
//!   project or of the brand.
//! - **Calls and visits per day**: inbound calls and sales-centre visits on
//!   each Beijing day of the period, with the campaigns' dates behind them
//!   (company-wide: a call belongs to a customer, not to a project).
//! - **Member growth and points**: per month the period touches, members
//!   who joined, members at the month's end, points earned and redeemed
//!   (company-wide).
//! - **Club conversion** (company-wide, as of the period's end): members
//!   who had not bought when they joined and have signed since; owners
//!   with two or more contracts; members who referred a friend who signed;
//!   members (joined before the period) silent — no two-way interaction,
//!   texts and emails do not count — for the 180 days before the period,
//!   and those of them who came back in it.
//! - **Tickets and SLA by department**: tickets opened in the period (of
//!   the project's units, or all) counted once for each department that
//!   had a task on them (the service desk for those never dispatched);
//!   compliance = resolved by the resolution target ÷ tickets due
//!   (resolved, or still open past the target).
//! - **Staff KPIs**: per person — calls and visits logged; their
//!   opportunities opened in the period and how many became deals; the
//!   tickets they were agent of, SLA compliance as above, and the mean
//!   revisit rating.

use crate::auth::{self, Actor};
use crate::db::{names_by_id, statement};
use crate::entity::{department, member, user};
use crate::marketing::campaigns::ratio_bp;
use crate::marketing::{campaigns, segments};
use crate::pipeline::summary::fold;
use crate::{DomainError, business_day_start};
use anju_types::analytics::{
    CampaignPeriod, ClubConversion, ClubMonth, DailyContacts, Dashboard, DashboardFilter,
    DepartmentSla, MAX_PERIOD_DAYS, StaffKpi,
};
use anju_types::club::LedgerKind;
use anju_types::pipeline::PipelineSummary;
use anju_types::{InteractionKind, Permission};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QuerySelect, Value,
};
use std::collections::HashMap;

/// Refuses a period that ends before it starts or is longer than a year.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<(), DomainError> {
    if to < from {
        return Err(DomainError::field("to", "before_start"));
    }
    if (to - from).num_days() >= MAX_PERIOD_DAYS {
        return Err(DomainError::field("to", "period_too_long"));
    }
    Ok(())
}

/// Every figure of the dashboard.
pub async fn dashboard(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &DashboardFilter,
    now: DateTime<Utc>,
) -> Result<Dashboard, DomainError> {
    auth::require(actor, Permission::ViewAnalytics)?;
    check_period(filter.from, filter.to)?;
    let pipeline = funnel(db, filter).await?;
    let by_sales = pipeline
        .by_sales
        .iter()
        .filter_map(|r| r.key.map(|k| (k, r.open + r.deals + r.lost, r.deals)))
        .collect::<Vec<_>>();
    let pyramid = segments::summary(db, actor).await?;
    let campaigns: Vec<_> = campaigns::list(db, actor)
        .await?
        .into_iter()
        .filter(|c| c.starts_on <= filter.to && c.ends_on >= filter.from)
        // A brand campaign (no project) advertises every project.
        .filter(|c| {
            c.project_id.is_none()
                || filter.project_id.is_none()
                || c.project_id == filter.project_id
        })
        .collect();
    let campaign_periods = campaigns
        .iter()
        .map(|c| CampaignPeriod {
            name: c.name.clone(),
            starts_on: c.starts_on.max(filter.from),
            ends_on: c.ends_on.min(filter.to),
        })
        .collect();
    Ok(Dashboard {
        filter: filter.clone(),
        pipeline,
        pyramid,
        campaigns,
        contacts: daily_contacts(db, filter.from, filter.to).await?,
        campaign_periods,
        club: club_by_month(db, filter.from, filter.to).await?,
        conversion: club_conversion(db, filter.from, filter.to).await?,
        departments: tickets_by_department(db, filter, now).await?,
        staff: staff_kpis(db, filter, now, &by_sales).await?,
    })
}

/// The funnel and forecast of the opportunities opened in the period, from
/// the `opportunity_days` rollup the database keeps.
pub async fn funnel(
    db: &DatabaseConnection,
    filter: &DashboardFilter,
) -> Result<PipelineSummary, DomainError> {
    let mut sql = "SELECT sales_user_id, project_id, stage, furthest_rank, \
                   CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(expected_fen) AS BIGINT) AS expected_fen, \
                   CAST(SUM(deal_fen) AS BIGINT) AS deal_fen \
                   FROM opportunity_days WHERE day >= ? AND day <= ?"
        .to_owned();
    let mut values: Vec<Value> = vec![day_key(filter.from).into(), day_key(filter.to).into()];
    if let Some(p) = filter.project_id {
        sql.push_str(" AND project_id = ?");
        values.push(p.into());
    }
    // Groups whose opportunities all moved on keep rows of zeros.
    sql.push_str(" GROUP BY sales_user_id, project_id, stage, furthest_rank HAVING SUM(n) > 0");
    let groups =
        OpportunityGroup::find_by_statement(statement(db.get_database_backend(), &sql, values))
            .all(db)
            .await?
            .into_iter()
            .map(|g| {
                (
                    (g.sales_user_id != 0).then_some(g.sales_user_id),
                    g.project_id,
                    g.stage,
                    g.furthest_rank as i32,
                    g.n,
                    Some(g.expected_fen),
                    Some(g.deal_fen),
                )
            })
            .collect();
    fold(db, groups).await
}

#[derive(FromQueryResult)]
struct OpportunityGroup {
    sales_user_id: i64,
    project_id: i64,
    stage: String,
    furthest_rank: i64,
    n: i64,
    expected_fen: i64,
    deal_fen: i64,
}

/// The Beijing day (`YYYY-MM-DD`) or month (`YYYY-MM`) of a timestamp
/// column, as text, in the database's own dialect.
fn business_period_of(backend: DbBackend, column: &str, month: bool) -> Expr {
    match (backend, month) {
        (DbBackend::Postgres, false) => Expr::cust(format!(
            "to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"
        )),
        (DbBackend::Postgres, true) => Expr::cust(format!(
            "to_char({column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')"
        )),
        (_, false) => Expr::cust(format!("date({column}, '+8 hours')")),
        (_, true) => Expr::cust(format!("strftime('%Y-%m', {column}, '+8 hours')")),
    }
}

#[derive(FromQueryResult)]
struct DayCount {
    day: String,
    kind: String,
    n: i64,
}

#[derive(FromQueryResult)]
struct KeyCount {
    grp: i64,
    n: i64,
}

/// `YYYY-MM-DD`, as the rollup tables key their rows.
fn day_key(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Inbound calls and visits per Beijing day, every day of the period (from
/// the `contact_days` rollup the database keeps).
pub async fn daily_contacts(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<DailyContacts>, DomainError> {
    let rows = DayCount::find_by_statement(statement(
        db.get_database_backend(),
        "SELECT day, kind, n FROM contact_days WHERE kind IN (?, ?) AND day >= ? AND day <= ?",
        vec![
            InteractionKind::CallIn.as_str().into(),
            InteractionKind::Visit.as_str().into(),
            day_key(from).into(),
            day_key(to).into(),
        ],
    ))
    .all(db)
    .await?;
    let mut counts: HashMap<(NaiveDate, String), i64> = HashMap::new();
    for r in rows {
        if let Ok(day) = NaiveDate::parse_from_str(&r.day, "%Y-%m-%d") {
            *counts.entry((day, r.kind)).or_default() += r.n;
        }
    }
    let get = |day: NaiveDate, kind: InteractionKind| {
        counts
            .get(&(day, kind.as_str().to_owned()))
            .copied()
            .unwrap_or(0)
    };
    Ok(from
        .iter_days()
        .take_while(|d| *d <= to)
        .map(|day| DailyContacts {
            day,
            calls: get(day, InteractionKind::CallIn),
            visits: get(day, InteractionKind::Visit),
        })
        .collect())
}

/// Per month the period touches: members who joined, members at its end,
/// points earned and redeemed.
pub async fn club_by_month(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ClubMonth>, DomainError> {
    let backend = db.get_database_backend();
    let first = from.with_day(1).unwrap_or(from);
    let start = business_day_start(first);
    let end = business_day_start(to + Duration::days(1));
    let mut months = Vec::new();
    let mut m = first;
    while m <= to {
        months.push(format!("{:04}-{:02}", m.year(), m.month()));
        m = m
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(to + Duration::days(1));
    }
    let before = members_before(db, start).await?;
    let joined: HashMap<String, i64> = member::Entity::find()
        .select_only()
        .column_as(business_period_of(backend, "enrolled_at", true), "month")
        .column_as(Expr::cust("CAST(COUNT(*) AS BIGINT)"), "n")
        .filter(member::Column::EnrolledAt.gte(start))
        .filter(member::Column::EnrolledAt.lt(end))
        .group_by(Expr::cust("1"))
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    // Points per month from the `points_days` rollup.
    let mut earned: HashMap<String, i64> = HashMap::new();
    let mut redeemed: HashMap<String, i64> = HashMap::new();
    for r in DayCount::find_by_statement(statement(
        backend,
        "SELECT substr(day, 1, 7) AS day, kind, CAST(SUM(points) AS BIGINT) AS n FROM points_days \
         WHERE kind IN (?, ?) AND day >= ? AND day <= ? GROUP BY substr(day, 1, 7), kind",
        vec![
            LedgerKind::Earn.as_str().into(),
            LedgerKind::Redeem.as_str().into(),
            day_key(first).into(),
            day_key(to).into(),
        ],
    ))
    .all(db)
    .await?
    {
        if r.kind == LedgerKind::Earn.as_str() {
            earned.insert(r.day, r.n);
        } else {
            // Redemptions are debits: negative entries.
            redeemed.insert(r.day, r.n);
        }
    }
    let mut members = before;
    Ok(months
        .into_iter()
        .map(|month| {
            let new_members = joined.get(&month).copied().unwrap_or(0);
            members += new_members;
            ClubMonth {
                new_members,
                members,
                points_earned: earned.get(&month).copied().unwrap_or(0),
                points_redeemed: -redeemed.get(&month).copied().unwrap_or(0),
                month,
            }
        })
        .collect())
}

/// The silence after which a member counts as dormant.
const SILENCE: Duration = Duration::days(180);

#[derive(FromQueryResult)]
struct Counts {
    a: Option<i64>,
    b: Option<i64>,
    c: Option<i64>,
    d: Option<i64>,
}

async fn counts(
    db: &impl ConnectionTrait,
    sql: &str,
    values: Vec<Value>,
) -> Result<[i64; 4], DomainError> {
    let row = Counts::find_by_statement(statement(db.get_database_backend(), sql, values))
        .one(db)
        .await?;
    Ok(row.map_or([0; 4], |r| [r.a, r.b, r.c, r.d].map(|v| v.unwrap_or(0))))
}

/// Members who joined before `at`.
async fn members_before(db: &impl ConnectionTrait, at: DateTime<Utc>) -> Result<i64, DomainError> {
    Ok(member::Entity::find()
        .filter(member::Column::EnrolledAt.lt(at))
        .count(db)
        .await? as i64)
}

/// The club's conversions as of the period's end.
pub async fn club_conversion(
    db: &impl ConnectionTrait,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<ClubConversion, DomainError> {
    let start = business_day_start(from);
    let end = business_day_start(to + Duration::days(1));
    // Members, and the signed among them, driven from the (fewer) buyers.
    let members = members_before(db, end).await?;
    let [bought_before_joining, first_purchases, owners, repurchases] = counts(
        db,
        "SELECT CAST(SUM(CASE WHEN x.f < m.enrolled_at THEN 1 ELSE 0 END) AS BIGINT) AS a, \
                CAST(SUM(CASE WHEN x.f >= m.enrolled_at THEN 1 ELSE 0 END) AS BIGINT) AS b, \
                CAST(COUNT(*) AS BIGINT) AS c, \
                CAST(SUM(CASE WHEN x.n >= 2 THEN 1 ELSE 0 END) AS BIGINT) AS d \
         FROM (SELECT customer_id, MIN(contracted_at) AS f, COUNT(*) AS n FROM deals \
               WHERE contracted_at IS NOT NULL AND cancelled_at IS NULL AND contracted_at < ? \
               GROUP BY customer_id) x \
         JOIN members m ON m.customer_id = x.customer_id AND m.enrolled_at < ?",
        vec![end.into(), end.into()],
    )
    .await?;
    let first_purchase_base = members - bought_before_joining;
    let [referrers, _, _, _] = counts(
        db,
        "SELECT CAST(COUNT(DISTINCT r.referrer_member_id) AS BIGINT) AS a, CAST(0 AS BIGINT) AS b, \
                CAST(0 AS BIGINT) AS c, CAST(0 AS BIGINT) AS d \
         FROM referrals r JOIN members m ON m.id = r.referrer_member_id \
         WHERE r.status = 'won' AND m.enrolled_at < ?",
        vec![end.into()],
    )
    .await?;
    // Dormant → active, from the runs of activity the database keeps
    // (`member_activity_spans`, `member_activity_days`): a member was
    // active at the period's start if one run covers it; they came back if
    // a run starts in the period more than 180 days after the previous one
    // ended (or is their first).
    let s = start.timestamp();
    let start_day = (s + 28_800).div_euclid(86_400);
    let joined_before = members_before(db, start).await?;
    let [active, reactivated, _, _] = counts(
        db,
        "SELECT CAST((SELECT SUM(delta) FROM member_activity_days WHERE day <= ?) AS BIGINT) AS a, \
                CAST((SELECT COUNT(*) FROM member_activity_spans WHERE start_at >= ? AND start_at < ? \
                      AND (prev_end_at IS NULL OR prev_end_at < ?) AND enrolled_at < ?) AS BIGINT) AS b, \
                CAST(0 AS BIGINT) AS c, CAST(0 AS BIGINT) AS d",
        vec![
            start_day.into(),
            s.into(),
            end.timestamp().into(),
            (s - SILENCE.num_seconds()).into(),
            s.into(),
        ],
    )
    .await?;
    let dormant = joined_before - active;
    Ok(ClubConversion {
        first_purchase_base,
        first_purchases,
        owners,
        repurchases,
        members,
        referrers,
        dormant,
        reactivated,
    })
}

#[derive(FromQueryResult)]
struct SlaRow {
    grp: i64,
    tickets: i64,
    due: Option<i64>,
    within_target: Option<i64>,
    rating_sum: Option<i64>,
    rated: Option<i64>,
}

/// `(tickets, due, within target, rating sum, rated)` of the tickets opened
/// in the period, per department (0 for the service desk) or per agent (0
/// for none): the sums the `ticket_department_days` / `ticket_days`
/// (or `ticket_project_days`) rollups keep, plus the open tickets already past their target, which
/// change with the clock and are few, counted live.
async fn sla_rows(
    db: &impl ConnectionTrait,
    filter: &DashboardFilter,
    now: DateTime<Utc>,
    by_department: bool,
) -> Result<Vec<SlaRow>, DomainError> {
    let backend = db.get_database_backend();
    let (table, key) = match (by_department, filter.project_id) {
        (true, _) => ("ticket_department_days", "department_id"),
        (false, None) => ("ticket_days", "agent_user_id"),
        (false, Some(_)) => ("ticket_project_days", "agent_user_id"),
    };
    let mut sql = format!(
        "SELECT {key} AS grp, CAST(SUM(opened) AS BIGINT) AS tickets, \
            CAST(SUM(resolved) AS BIGINT) AS due, CAST(SUM(within_target) AS BIGINT) AS within_target, \
            CAST(SUM(rating_sum) AS BIGINT) AS rating_sum, CAST(SUM(rated) AS BIGINT) AS rated \
         FROM {table} WHERE day >= ? AND day <= ?"
    );
    let mut values: Vec<Value> = vec![day_key(filter.from).into(), day_key(filter.to).into()];
    if let Some(p) = filter.project_id {
        sql.push_str(" AND project_id = ?");
        values.push(p.into());
    }
    sql.push_str(&format!(" GROUP BY {key}"));
    let mut rows = SlaRow::find_by_statement(statement(backend, &sql, values))
        .all(db)
        .await?;

    let (key, from) = if by_department {
        // One row per ticket and department: a department's first task.
        (
            "COALESCE(d.department_id, 0)",
            "tickets t LEFT JOIN ticket_tasks d ON d.ticket_id = t.id AND NOT EXISTS \
             (SELECT 1 FROM ticket_tasks e WHERE e.ticket_id = t.id \
              AND e.department_id = d.department_id AND e.id < d.id)",
        )
    } else {
        ("COALESCE(t.agent_user_id, 0)", "tickets t")
    };
    let mut sql = format!(
        "SELECT {key} AS grp, CAST(COUNT(*) AS BIGINT) AS n FROM {from} \
         WHERE t.resolved_at IS NULL AND t.resolution_due_at < ? \
         AND t.created_at >= ? AND t.created_at < ?"
    );
    let mut values: Vec<Value> = vec![
        now.into(),
        business_day_start(filter.from).into(),
        business_day_start(filter.to + Duration::days(1)).into(),
    ];
    if let Some(p) = filter.project_id {
        sql.push_str(
            " AND t.unit_id IN (SELECT u.id FROM units u JOIN buildings b ON b.id = u.building_id \
             WHERE b.project_id = ?)",
        );
        values.push(p.into());
    }
    sql.push_str(&format!(" GROUP BY {key}"));
    for late in KeyCount::find_by_statement(statement(backend, &sql, values))
        .all(db)
        .await?
    {
        if let Some(row) = rows.iter_mut().find(|r| r.grp == late.grp) {
            row.due = Some(row.due.unwrap_or(0) + late.n);
        }
    }
    // A key whose tickets all moved elsewhere keeps a row of zeros.
    rows.retain(|r| r.tickets > 0);
    Ok(rows)
}

/// Tickets and SLA compliance per department.
pub async fn tickets_by_department(
    db: &impl ConnectionTrait,
    filter: &DashboardFilter,
    now: DateTime<Utc>,
) -> Result<Vec<DepartmentSla>, DomainError> {
    let rows = sla_rows(db, filter, now, true).await?;
    let names = names_by_id::<department::Entity>(
        db,
        department::Column::Id,
        department::Column::Name,
        rows.iter().map(|r| r.grp).filter(|k| *k != 0),
    )
    .await?;
    let mut out: Vec<DepartmentSla> = rows
        .into_iter()
        .map(|r| {
            let (due, within) = (r.due.unwrap_or(0), r.within_target.unwrap_or(0));
            DepartmentSla {
                department: names
                    .get(&r.grp)
                    .cloned()
                    .unwrap_or_else(|| "客服中心".to_owned()),
                department_id: (r.grp != 0).then_some(r.grp),
                tickets: r.tickets,
                due,
                within_target: within,
                compliance_bp: ratio_bp(within, due),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.tickets
            .cmp(&a.tickets)
            .then(a.department.cmp(&b.department))
    });
    Ok(out)
}

/// Each member of staff's figures; `by_sales` is `(user, opportunities,
/// deals)` of the opportunities opened in the period.
pub async fn staff_kpis(
    db: &impl ConnectionTrait,
    filter: &DashboardFilter,
    now: DateTime<Utc>,
    by_sales: &[(i64, u64, u64)],
) -> Result<Vec<StaffKpi>, DomainError> {
    // Calls and visits each person logged, from the `follow_up_days` rollup.
    let follow_ups: HashMap<i64, i64> = KeyCount::find_by_statement(statement(
        db.get_database_backend(),
        "SELECT staff_user_id AS grp, CAST(SUM(n) AS BIGINT) AS n FROM follow_up_days \
         WHERE staff_user_id <> 0 AND day >= ? AND day <= ? \
         GROUP BY staff_user_id HAVING SUM(n) > 0",
        vec![day_key(filter.from).into(), day_key(filter.to).into()],
    ))
    .all(db)
    .await?
    .into_iter()
    .map(|r| (r.grp, r.n))
    .collect();
    let tickets: HashMap<i64, SlaRow> = sla_rows(db, filter, now, false)
        .await?
        .into_iter()
        .filter(|r| r.grp != 0)
        .map(|r| (r.grp, r))
        .collect();
    let mut ids: Vec<i64> = follow_ups.keys().copied().collect();
    ids.extend(by_sales.iter().map(|r| r.0));
    ids.extend(tickets.keys().copied());
    ids.sort_unstable();
    ids.dedup();
    let names =
        names_by_id::<user::Entity>(db, user::Column::Id, user::Column::DisplayName, ids.clone())
            .await?;
    let mut out: Vec<StaffKpi> = ids
        .into_iter()
        .map(|id| {
            let (opportunities, deals) = by_sales
                .iter()
                .find(|r| r.0 == id)
                .map_or((0, 0), |r| (r.1 as i64, r.2 as i64));
            let t = tickets.get(&id);
            let (due, within) = t.map_or((0, 0), |t| {
                (t.due.unwrap_or(0), t.within_target.unwrap_or(0))
            });
            let (sum, rated) = t.map_or((0, 0), |t| {
                (t.rating_sum.unwrap_or(0), t.rated.unwrap_or(0))
            });
            StaffKpi {
                user_id: id,
                name: names.get(&id).cloned().unwrap_or_default(),
                follow_ups: follow_ups.get(&id).copied().unwrap_or(0),
                opportunities,
                deals,
                conversion_bp: ratio_bp(deals, opportunities),
                tickets: t.map_or(0, |t| t.tickets),
                sla_bp: ratio_bp(within, due),
                satisfaction_x100: (rated > 0).then(|| (sum * 100 + rated / 2) / rated),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.follow_ups
            .cmp(&a.follow_ups)
            .then(b.deals.cmp(&a.deals))
            .then(b.tickets.cmp(&a.tickets))
            .then(a.name.cmp(&b.name))
    });
    Ok(out)
}
