//! Server functions for the pipeline and deals: each authenticates, calls
//! one domain function and maps the result.

use crate::error::AppError;
use anju_types::deal::DealView;
use anju_types::pipeline::{Kanban, OpportunityView, PipelineSummary, ProjectRef};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the kanban page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub kanban: Kanban,
    pub summary: PipelineSummary,
    pub projects: Vec<ProjectRef>,
}

#[server(endpoint = "pipeline/board")]
pub async fn load_board(project_id: Option<i64>) -> Result<Board, AppError> {
    use anju_domain::pipeline;
    let (actor, svc) = crate::session::signed_in().await?;
    let board = pipeline::BoardFilter {
        project_id,
        sales_id: None,
    };
    let summary = pipeline::SummaryFilter {
        project_id,
        ..Default::default()
    };
    Ok(Board {
        kanban: pipeline::kanban(&svc.db, &actor, &board).await?,
        summary: pipeline::summary(&svc.db, &actor, &summary).await?,
        projects: pipeline::projects(&svc.db, &actor).await?,
    })
}

/// A customer's opportunities and deals, empty for roles without pipeline
/// access (a service agent opening the customer's page).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct CustomerSales {
    pub opportunities: Vec<OpportunityView>,
    pub deals: Vec<DealView>,
    pub projects: Vec<ProjectRef>,
}

#[server(endpoint = "pipeline/customer")]
pub async fn load_customer_sales(customer_id: i64) -> Result<CustomerSales, AppError> {
    use anju_domain::{auth, deals, pipeline};
    let (actor, svc) = crate::session::signed_in().await?;
    if !auth::can(&actor, anju_types::Permission::ViewPipeline) {
        return Ok(CustomerSales::default());
    }
    Ok(CustomerSales {
        opportunities: pipeline::for_customer(&svc.db, &actor, customer_id).await?,
        deals: deals::for_customer(&svc.db, &actor, customer_id).await?,
        projects: pipeline::projects(&svc.db, &actor).await?,
    })
}

#[server(endpoint = "pipeline/create")]
pub async fn create_opportunity(
    customer_id: i64,
    project_id: i64,
    stage: Option<String>,
    expected_amount: Option<String>,
    expected_close_on: Option<String>,
) -> Result<i64, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::pipeline::OpportunityDraft {
        customer_id,
        project_id,
        stage,
        expected_amount,
        expected_close_on,
        ..Default::default()
    };
    Ok(
        anju_domain::pipeline::create(&svc.db, &actor, &draft, svc.clock.now())
            .await?
            .id,
    )
}

#[server(endpoint = "pipeline/move")]
pub async fn move_opportunity(
    id: i64,
    stage: String,
    lost_reason: Option<String>,
) -> Result<anju_types::Stage, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let request = anju_types::pipeline::StageMove {
        stage,
        // The reason select is always sent; the domain only keeps it for 流失.
        lost_reason,
        ..Default::default()
    };
    Ok(
        anju_domain::pipeline::move_stage(&svc.db, &actor, id, &request, svc.clock.now())
            .await?
            .stage,
    )
}

/// A manager's decision on a discount: `decision` is `approve` or `reject`.
#[server(endpoint = "deals/decide")]
pub async fn decide_discount(
    deal_id: i64,
    decision: String,
    note: Option<String>,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let decision = anju_types::deal::ApprovalDecision {
        approve: decision == "approve",
        note,
    };
    anju_domain::deals::decide(&svc.db, &actor, deal_id, &decision, svc.clock.now()).await?;
    Ok(())
}

#[server(endpoint = "deals/payment")]
pub async fn record_payment(
    deal_id: i64,
    amount: String,
    received_on: String,
    method: String,
    reference: String,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::deal::PaymentDraft {
        amount,
        received_on,
        method,
        reference,
    };
    anju_domain::deals::record_payment(&svc.db, &actor, deal_id, &draft, svc.clock.now()).await?;
    Ok(())
}

/// Revises the discount and deposit of a reserved deal (after a rejection).
#[server(endpoint = "deals/revise")]
pub async fn revise_terms(
    deal_id: i64,
    discount: Option<String>,
    deposit: Option<String>,
) -> Result<(), AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let terms = anju_types::deal::DealTerms { discount, deposit };
    anju_domain::deals::revise_discount(&svc.db, &actor, deal_id, &terms, svc.clock.now()).await?;
    Ok(())
}
