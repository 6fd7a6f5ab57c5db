//! CSV export of the deals the actor sees: price, discount, what has been
//! paid and what is still owed, and the dates of each step.

use super::views::views;
use crate::DomainError;
use crate::auth::{self, Actor};
use crate::csv_sheet::{CsvSheet, safe_cell};
use crate::customers::Scope;
use crate::entity::deal;
use anju_types::{Lang, Permission};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

const PAGE: u64 = 500;

pub async fn deals_csv(
    db: &DatabaseConnection,
    actor: &Actor,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<String, DomainError> {
    auth::require(actor, Permission::ViewPipeline)?;
    let mut sheet = CsvSheet::new(
        lang,
        &[
            ("房号", "Unit"),
            ("客户", "Customer"),
            ("置业顾问", "Salesperson"),
            ("状态", "Status"),
            ("标价", "List price"),
            ("优惠", "Discount"),
            ("成交价", "Price"),
            ("定金", "Deposit"),
            ("已收款", "Paid"),
            ("未收款", "Outstanding"),
            ("优惠审批", "Discount approval"),
            ("认购日期", "Reserved"),
            ("签约日期", "Contracted"),
            ("交房日期", "Delivered"),
        ],
    )?;
    let date = |t: Option<DateTime<Utc>>| {
        t.map(|t| crate::business_date(t).to_string())
            .unwrap_or_default()
    };
    let mut after = 0i64;
    loop {
        let rows = deal::Entity::find()
            .filter(Scope::of(actor).owns(deal::Column::CustomerId))
            .filter(deal::Column::Id.gt(after))
            .order_by_asc(deal::Column::Id)
            .limit(PAGE)
            .all(db)
            .await?;
        let Some(last) = rows.last().map(|r| r.id) else {
            break;
        };
        after = last;
        for d in views(db, rows).await? {
            let outstanding = anju_types::Money::from_fen(d.price.fen() - d.paid.fen());
            sheet.row([
                safe_cell(&d.unit_label),
                safe_cell(&d.customer_name),
                safe_cell(
                    d.sales
                        .as_ref()
                        .map(|s| s.name.as_str())
                        .unwrap_or_default(),
                ),
                d.status.label(lang).to_owned(),
                d.list_price.plain(),
                d.discount.plain(),
                d.price.plain(),
                d.deposit.plain(),
                d.paid.plain(),
                outstanding.plain(),
                d.discount_approval.label(lang).to_owned(),
                date(Some(d.reserved_at)),
                date(d.contracted_at),
                date(d.delivered_at),
            ])?;
        }
        if sheet.full() {
            break;
        }
    }
    sheet
        .finish(db, actor, "deal.export", "deal", serde_json::json!({}), now)
        .await
}
