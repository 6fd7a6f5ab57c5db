//! CSV export of the opportunities the actor sees (the kanban, all cards).

use super::opportunities::{BoardFilter, views};
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::csv_sheet::{CsvSheet, safe_cell};
use crate::customers::Scope;
use crate::entity::opportunity;
use anju_types::{Lang, Permission};
use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

const PAGE: u64 = 500;

pub async fn opportunities_csv(
    db: &DatabaseConnection,
    actor: &Actor,
    filter: &BoardFilter,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<String, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    let mut sheet = CsvSheet::new(
        lang,
        &[
            ("客户", "Customer"),
            ("项目", "Project"),
            ("阶段", "Stage"),
            ("成交概率%", "Probability %"),
            ("预计金额", "Expected amount"),
            ("预计成交日期", "Expected close"),
            ("来源渠道", "Source"),
            ("活动代码", "Campaign"),
            ("置业顾问", "Salesperson"),
            ("流失原因", "Lost reason"),
            ("阶段更新", "Stage changed"),
        ],
    )?;
    let cond = Condition::all()
        .add(Scope::of(actor).owns(opportunity::Column::CustomerId))
        .add(filter.condition());
    let mut after = 0i64;
    loop {
        let rows = opportunity::Entity::find()
            .filter(cond.clone())
            .filter(opportunity::Column::Id.gt(after))
            .order_by_asc(opportunity::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = rows.last().map(|r| r.id) else {
            break;
        };
        after = last;
        for o in views(db, rows).await? {
            sheet.row([
                safe_cell(&o.customer_name),
                safe_cell(&o.project_name),
                o.stage.label(lang).to_owned(),
                o.probability.to_string(),
                o.expected_amount.map(|m| m.plain()).unwrap_or_default(),
                o.expected_close_on
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                safe_cell(o.source_channel.as_deref().unwrap_or_default()),
                safe_cell(o.campaign_code.as_deref().unwrap_or_default()),
                safe_cell(
                    o.sales
                        .as_ref()
                        .map(|s| s.name.as_str())
                        .unwrap_or_default(),
                ),
                safe_cell(o.lost_reason.as_deref().unwrap_or_default()),
                crate::business_date(o.stage_changed_at).to_string(),
            ])?;
        }
        if sheet.full() {
            break;
        }
    }
    sheet
        .finish(
            db,
            actor,
            "opportunity.export",
            "opportunity",
            serde_json::json!({ "project_id": filter.project_id, "sales_id": filter.sales_id }),
            now,
        )
        .await
}
