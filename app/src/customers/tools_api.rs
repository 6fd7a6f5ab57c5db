//! Server functions for merging duplicates and importing customers.

use crate::error::AppError;
use anju_types::customer_import::{ImportReportPage, ImportView};
use anju_types::merge::{DuplicateCandidate, MergeRecord};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the detail page's merge section shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MergeInfo {
    pub candidates: Vec<DuplicateCandidate>,
    pub merges: Vec<MergeRecord>,
}

#[server(endpoint = "customers/merge_info")]
pub async fn load_merge_info(customer_id: i64) -> Result<MergeInfo, AppError> {
    use anju_domain::customers::merge;
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(MergeInfo {
        candidates: merge::duplicates(&svc.db, &actor, customer_id).await?,
        merges: merge::merges_of(&svc.db, &actor, customer_id).await?,
    })
}

#[server(endpoint = "customers/merge")]
pub async fn merge_customers(survivor_id: i64, merged_id: i64) -> Result<MergeRecord, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::customers::merge::merge(
        &svc.db,
        &actor,
        survivor_id,
        merged_id,
        svc.clock.now(),
    )
    .await?)
}

#[server(endpoint = "customers/unmerge")]
pub async fn undo_merge(merge_id: i64) -> Result<MergeRecord, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::customers::merge::undo(&svc.db, &actor, merge_id, svc.clock.now()).await?)
}

#[server(endpoint = "customers/imports")]
pub async fn load_imports() -> Result<Vec<ImportView>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::customers::import::list(&svc.db, &actor).await?)
}

/// An import, and its report once it has started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportDetail {
    pub import: ImportView,
    pub report: Option<ImportReportPage>,
    pub team: Vec<anju_types::customer::StaffRef>,
}

#[server(endpoint = "customers/import")]
pub async fn load_import(id: i64, after: Option<i32>) -> Result<ImportDetail, AppError> {
    use anju_domain::customers::import;
    let (actor, svc) = crate::session::signed_in().await?;
    let view = import::get(&svc.db, &actor, id).await?;
    let started = view.status != anju_types::customer_import::ImportStatus::Mapping;
    Ok(ImportDetail {
        report: if started {
            Some(import::report(&svc.db, &actor, id, after, 100).await?)
        } else {
            None
        },
        team: if started {
            Vec::new()
        } else {
            anju_domain::customers::reassign::team_salespeople(&svc.db, &actor).await?
        },
        import: view,
    })
}

/// The mapping form posts `mapping[name]=0` …; an empty choice skips the field.
#[server(endpoint = "customers/import_start")]
pub async fn start_import(
    id: i64,
    mapping: BTreeMap<String, String>,
    assign_to_sales_id: Option<String>,
) -> Result<ImportView, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let request = anju_types::customer_import::ImportStart {
        mapping: mapping
            .into_iter()
            .filter_map(|(field, column)| column.parse::<usize>().ok().map(|c| (field, c)))
            .collect(),
        assign_to_sales_id: assign_to_sales_id.and_then(|s| s.parse().ok()),
    };
    Ok(
        anju_domain::customers::import::start(&svc.db, &actor, id, &request, svc.clock.now())
            .await?,
    )
}
