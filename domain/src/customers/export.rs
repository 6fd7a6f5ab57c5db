//! CSV export of the customer list the actor sees (with the same filters).

use super::service::{SearchQuery, search};
use crate::DomainError;
use crate::auth::Actor;
use crate::csv_sheet::{CsvSheet, safe_cell};
use anju_types::Lang;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

pub async fn customers_csv(
    db: &DatabaseConnection,
    actor: &Actor,
    query: &SearchQuery,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<String, DomainError> {
    let mut sheet = CsvSheet::new(
        lang,
        &[
            ("姓名", "Name"),
            ("手机", "Mobile"),
            ("来源渠道", "Source"),
            ("客户类型", "Type"),
            ("置业顾问", "Salesperson"),
            ("登记时间", "Registered"),
        ],
    )?;
    let mut page_query = SearchQuery {
        limit: 200,
        after: None,
        ..query.clone()
    };
    loop {
        let page = search(db, actor, &page_query).await?;
        for row in &page.items {
            let kinds = [
                (row.kinds.owner, ("业主", "owner")),
                (row.kinds.member, ("会员", "member")),
                (row.kinds.prospect, ("潜客", "prospect")),
            ]
            .into_iter()
            .filter_map(|(on, (zh, en))| on.then_some(if lang == Lang::Zh { zh } else { en }))
            .collect::<Vec<_>>()
            .join("/");
            sheet.row([
                safe_cell(&row.name),
                row.mobile.clone(),
                safe_cell(row.source_channel.as_deref().unwrap_or_default()),
                kinds,
                safe_cell(
                    row.assigned_sales
                        .as_ref()
                        .map(|s| s.name.as_str())
                        .unwrap_or_default(),
                ),
                crate::business_date(row.created_at).to_string(),
            ])?;
        }
        match page.next_after {
            Some(after) if !sheet.full() => page_query.after = Some(after),
            _ => break,
        }
    }
    sheet
        .finish(
            db,
            actor,
            "customer.export",
            "customer",
            serde_json::json!({ "q": query.q, "tag": query.tag }),
            now,
        )
        .await
}
