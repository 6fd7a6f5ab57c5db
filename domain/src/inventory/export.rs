//! CSV export of a building's 销控表, one row per unit, as the viewer sees
//! it (buyers' names only for customers in the viewer's scope).

use super::grid::grid;
use crate::DomainError;
use crate::auth::Actor;
use crate::csv_sheet::{CsvSheet, safe_cell};
use anju_types::Lang;
use chrono::{DateTime, Utc};
use sea_orm::DatabaseConnection;

pub async fn grid_csv(
    db: &DatabaseConnection,
    actor: &Actor,
    building_id: i64,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<(String, String), DomainError> {
    let g = grid(db, actor, building_id, now).await?;
    let mut sheet = CsvSheet::new(
        lang,
        &[
            ("项目", "Project"),
            ("楼栋", "Building"),
            ("楼层", "Floor"),
            ("房号", "Unit"),
            ("户型", "Layout"),
            ("面积(m²)", "Area (m²)"),
            ("标价", "List price"),
            ("状态", "Status"),
            ("客户", "Customer"),
        ],
    )?;
    for cell in g.floors.iter().flat_map(|f| &f.units) {
        sheet.row([
            safe_cell(&g.project_name),
            safe_cell(&g.building_name),
            cell.floor.to_string(),
            safe_cell(&cell.number),
            safe_cell(&cell.layout),
            cell.area.plain(),
            cell.list_price.plain(),
            cell.status.label(lang).to_owned(),
            safe_cell(cell.customer_name.as_deref().unwrap_or_default()),
        ])?;
    }
    let name = format!("{} {}", g.project_name, g.building_name);
    let csv = sheet
        .finish(
            db,
            actor,
            "unit.export",
            "building",
            serde_json::json!({ "building_id": building_id }),
            now,
        )
        .await?;
    Ok((name, csv))
}
