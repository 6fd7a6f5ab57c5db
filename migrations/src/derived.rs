//! The tables the database derives from others by triggers (the per-day
//! rollups and the members' activity runs), rebuilt from scratch: after a
//! bulk load that ran with those triggers suspended (`anju gen`).

use crate::m20261202_000019_dashboard_rollups as m19;
use crate::m20261202_000020_ticket_rollups as m20;
use crate::m20261202_000021_member_activity as m21;
use crate::m20261202_000022_opportunity_rollup as m22;
use crate::m20261202_000023_contact_rollups as m23;
use crate::rollup::Rollup;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbErr};

/// The rollups the latest schema keeps (a rollup a later migration drops
/// leaves this list).
fn rollups() -> impl Iterator<Item = &'static Rollup> {
    std::iter::once(&m19::POINTS_DAYS)
        .chain(m20::ROLLUPS.iter())
        .chain(std::iter::once(&m22::OPPORTUNITY_DAYS))
        .chain(m23::ROLLUPS.iter())
}

/// A derived table, and its columns that are sums (a row whose sums are
/// all 0 counts nothing: triggers may leave one where a rebuild does not).
pub struct Derived {
    pub table: &'static str,
    pub sums: Vec<&'static str>,
}

/// Every derived table.
pub fn tables() -> Vec<Derived> {
    rollups()
        .map(|r| Derived {
            table: r.table,
            sums: r.values.iter().map(|(c, _)| *c).collect(),
        })
        .chain([
            Derived {
                table: "member_activity_spans",
                sums: Vec::new(),
            },
            Derived {
                table: "member_activity_days",
                sums: vec!["delta"],
            },
        ])
        .collect()
}

/// Empties every derived table and computes it again from its sources, one
/// set-based statement each. Run it where nothing else writes the sources
/// meanwhile (in one transaction, or on a database being loaded).
pub async fn rebuild(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    for r in rollups() {
        db.execute_unprepared(&format!("DELETE FROM {}", r.table))
            .await?;
        db.execute_unprepared(&r.backfill(backend)).await?;
    }
    // Spans before days: deleting a span takes its deltas away.
    db.execute_unprepared("DELETE FROM member_activity_spans")
        .await?;
    db.execute_unprepared("DELETE FROM member_activity_days")
        .await?;
    db.execute_unprepared(&m21::backfill(backend)).await?;
    Ok(())
}
