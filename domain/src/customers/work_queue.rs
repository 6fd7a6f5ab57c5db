//! The work queue (待办) for the customer side: follow-ups due today and
//! overdue, prospects nobody has contacted for a while (未跟进预警),
//! birthdays and holidays of the coming week; discounts to approve and
//! tickets near or past their SLA.

use super::Scope;
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::entity::customer;
use anju_types::Permission;
use anju_types::customer::{HolidayItem, QueueItem, WorkQueue};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, Value,
};

/// Without contact for this many days, a prospect is flagged.
const LIST_LIMIT: u64 = 50;

#[derive(Debug, FromQueryResult)]
struct Row {
    id: i64,
    name: String,
    mobile: String,
    next_follow_up_on: Option<NaiveDate>,
    occurred_at: Option<DateTime<Utc>>,
}

pub async fn for_actor(
    db: &DatabaseConnection,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<WorkQueue, DomainError> {
    auth::require(actor, Permission::ViewConsole)?;
    let today = crate::business_date(now);
    let stale_after_days = crate::settings::get_int(db, crate::settings::STALE_AFTER_DAYS).await?;
    let mut queue = WorkQueue {
        stale_after_days,
        holidays: holidays_between(today, today + Duration::days(6)),
        ..Default::default()
    };
    if auth::can(actor, Permission::ViewPipeline) {
        queue.approvals = crate::deals::pending_approvals(db, actor).await?;
    }
    queue.sla_alerts = crate::tickets::queue::sla_items(db, actor, now).await?;
    if !auth::can(actor, Permission::ViewCustomers) {
        return Ok(queue);
    }
    // Service agents' queue is tickets; the customer queue is for sales.
    let (scope_sql, scope_values): (&str, Vec<Value>) = match Scope::of(actor) {
        // Merged records (tombstones) are nobody's work.
        Scope::Own { user_id } => (
            "c.merged_into_id IS NULL AND c.assigned_sales_id = ?",
            vec![user_id.into()],
        ),
        Scope::Team { department_id } => (
            "c.merged_into_id IS NULL AND (c.assigned_sales_id IS NULL OR c.assigned_sales_id IN (SELECT u.id FROM users u WHERE u.department_id = ?))",
            vec![department_id.into()],
        ),
        Scope::All | Scope::Nothing => return Ok(queue),
    };
    let backend = db.get_database_backend();
    let latest = "SELECT c.id, c.name, c.mobile, i.next_follow_up_on, i.occurred_at \
                  FROM customers c \
                  LEFT JOIN interactions i ON i.id = \
                    (SELECT MAX(i2.id) FROM interactions i2 WHERE i2.customer_id = c.id)";

    let due_sql = format!(
        "{latest} WHERE {scope_sql} AND i.next_follow_up_on IS NOT NULL AND i.next_follow_up_on <= ? \
         ORDER BY i.next_follow_up_on, c.id LIMIT {LIST_LIMIT}"
    );
    let mut values = scope_values.clone();
    values.push(today.into());
    for row in query(db, backend, &due_sql, values).await? {
        let item = item(&row, row.next_follow_up_on);
        if row.next_follow_up_on == Some(today) {
            queue.due_today.push(item);
        } else {
            queue.overdue.push(item);
        }
    }

    // The most recently gone quiet first (still warm enough to save);
    // never-contacted records, e.g. fresh imports, after them on both engines.
    let stale_sql = format!(
        "{latest} WHERE {scope_sql} AND i.next_follow_up_on IS NULL AND (i.id IS NULL OR i.occurred_at < ?) \
         ORDER BY CASE WHEN i.occurred_at IS NULL THEN 1 ELSE 0 END, i.occurred_at DESC, c.id LIMIT {LIST_LIMIT}"
    );
    let mut values = scope_values;
    values.push((now - Duration::days(stale_after_days)).into());
    queue.stale = query(db, backend, &stale_sql, values)
        .await?
        .iter()
        .map(|r| item(r, None))
        .collect();

    // Birthdays: few customers have one recorded; compare month and day here
    // rather than in engine-specific SQL.
    let with_birthday = customer::Entity::find()
        .filter(Scope::of(actor).condition())
        .filter(customer::Column::Birthday.is_not_null())
        .order_by_asc(customer::Column::Id)
        .limit(5000)
        .all(db)
        .await?;
    for c in with_birthday {
        let this_week = c
            .birthday
            .and_then(|b| next_anniversary(b, today))
            .filter(|on| *on <= today + Duration::days(6));
        if let Some(on) = this_week {
            queue.birthdays.push(QueueItem {
                customer_id: c.id,
                name: c.name,
                mobile: c.mobile,
                on: Some(on),
                last_contact_at: None,
            });
        }
    }
    queue.birthdays.sort_by_key(|i| i.on);
    Ok(queue)
}

fn item(row: &Row, on: Option<NaiveDate>) -> QueueItem {
    QueueItem {
        customer_id: row.id,
        name: row.name.clone(),
        mobile: row.mobile.clone(),
        on,
        last_contact_at: row.occurred_at,
    }
}

/// Runs SQL written with `?` placeholders on either engine.
async fn query(
    db: &impl ConnectionTrait,
    backend: DbBackend,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<Row>, DomainError> {
    Ok(
        Row::find_by_statement(crate::db::statement(backend, sql, values))
            .all(db)
            .await?,
    )
}

/// The next birthday on or after `today` (29 February falls on 28 February
/// in common years).
fn next_anniversary(birthday: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    let in_year = |y: i32| {
        NaiveDate::from_ymd_opt(y, birthday.month(), birthday.day())
            .or_else(|| NaiveDate::from_ymd_opt(y, birthday.month(), birthday.day() - 1))
    };
    let this_year = in_year(today.year())?;
    if this_year >= today {
        Some(this_year)
    } else {
        in_year(today.year() + 1)
    }
}

/// Public holidays worth a greeting. Lunar-calendar dates are listed per
/// year; extend the table each year (the State Council publishes them).
const HOLIDAYS: [(&str, &str, i32, u32, u32); 16] = [
    ("元旦", "New Year's Day", 2026, 1, 1),
    ("春节", "Spring Festival", 2026, 2, 17),
    ("元宵节", "Lantern Festival", 2026, 3, 3),
    ("清明节", "Qingming Festival", 2026, 4, 5),
    ("劳动节", "Labour Day", 2026, 5, 1),
    ("端午节", "Dragon Boat Festival", 2026, 6, 19),
    ("中秋节", "Mid-Autumn Festival", 2026, 9, 25),
    ("国庆节", "National Day", 2026, 10, 1),
    ("元旦", "New Year's Day", 2027, 1, 1),
    ("春节", "Spring Festival", 2027, 2, 6),
    ("元宵节", "Lantern Festival", 2027, 2, 20),
    ("清明节", "Qingming Festival", 2027, 4, 5),
    ("劳动节", "Labour Day", 2027, 5, 1),
    ("端午节", "Dragon Boat Festival", 2027, 6, 9),
    ("中秋节", "Mid-Autumn Festival", 2027, 9, 15),
    ("国庆节", "National Day", 2027, 10, 1),
];

pub fn holidays_between(from: NaiveDate, to: NaiveDate) -> Vec<HolidayItem> {
    HOLIDAYS
        .iter()
        .filter_map(|(zh, en, y, m, d)| {
            let on = NaiveDate::from_ymd_opt(*y, *m, *d)?;
            (from <= on && on <= to).then(|| HolidayItem {
                name_zh: (*zh).to_owned(),
                name_en: (*en).to_owned(),
                on,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn next_birthday_wraps_the_year_and_handles_leap_days() {
        assert_eq!(
            next_anniversary(d(1990, 12, 30), d(2026, 12, 28)),
            Some(d(2026, 12, 30))
        );
        assert_eq!(
            next_anniversary(d(1990, 1, 2), d(2026, 12, 28)),
            Some(d(2027, 1, 2))
        );
        assert_eq!(
            next_anniversary(d(1992, 2, 29), d(2026, 2, 20)),
            Some(d(2026, 2, 28))
        );
    }

    #[test]
    fn holidays_of_a_week() {
        let week = holidays_between(d(2026, 9, 24), d(2026, 9, 30));
        assert_eq!(
            week.iter().map(|h| h.name_zh.as_str()).collect::<Vec<_>>(),
            vec!["中秋节"]
        );
        assert!(holidays_between(d(2026, 11, 23), d(2026, 11, 29)).is_empty());
    }
}
