//! CSV export of the customer list the actor sees (with the same filters).
//! UTF-8 with a BOM so Excel opens Chinese text correctly; cells that a
//! spreadsheet would run as a formula are neutralised.

use super::service::{SearchQuery, search};
use crate::DomainError;
use crate::audit::{self, AuditEntry};
use crate::auth::Actor;
use anju_types::Lang;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

/// Most rows one export writes.
pub const MAX_EXPORT_ROWS: usize = 100_000;

pub async fn customers_csv(
    db: &DatabaseConnection,
    actor: &Actor,
    query: &SearchQuery,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<String, DomainError> {
    let headers = match lang {
        Lang::Zh => [
            "姓名",
            "手机",
            "来源渠道",
            "客户类型",
            "置业顾问",
            "登记时间",
        ],
        Lang::En => [
            "Name",
            "Mobile",
            "Source",
            "Type",
            "Salesperson",
            "Registered",
        ],
    };
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(headers).map_err(csv_err)?;
    let mut page_query = SearchQuery {
        limit: 200,
        after: None,
        ..query.clone()
    };
    let mut written = 0;
    loop {
        let page = search(db, actor, &page_query).await?;
        for row in &page.items {
            let kinds = [
                (
                    row.kinds.owner,
                    if lang == Lang::Zh { "业主" } else { "owner" },
                ),
                (
                    row.kinds.member,
                    if lang == Lang::Zh { "会员" } else { "member" },
                ),
                (
                    row.kinds.prospect,
                    if lang == Lang::Zh {
                        "潜客"
                    } else {
                        "prospect"
                    },
                ),
            ]
            .into_iter()
            .filter_map(|(on, label)| on.then_some(label))
            .collect::<Vec<_>>()
            .join("/");
            out.write_record([
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
            ])
            .map_err(csv_err)?;
            written += 1;
        }
        match page.next_after {
            Some(after) if written < MAX_EXPORT_ROWS => page_query.after = Some(after),
            _ => break,
        }
    }
    // Exports carry personal data out of the system: leave a trace.
    audit::record(
        db,
        now,
        AuditEntry {
            actor_user_id: Some(actor.user_id),
            action: "customer.export",
            entity: "customer",
            entity_id: String::new(),
            before: None,
            after: Some(serde_json::json!({ "rows": written, "q": query.q, "tag": query.tag })),
        },
    )
    .await?;
    let bytes = out
        .into_inner()
        .map_err(|e| csv_err(e.into_error().into()))?;
    Ok(String::from_utf8(bytes).unwrap_or_default())
}

/// `=SUM(…)`, `+…`, `-…`, `@…` would run as formulas in a spreadsheet.
fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

fn csv_err(e: csv::Error) -> DomainError {
    DomainError::Internal(format!("csv: {e}"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(super::safe_cell("=1+2"), "'=1+2");
        assert_eq!(super::safe_cell("张三"), "张三");
    }
}
