//! Server functions for the customer pages: each one authenticates, calls
//! one domain function and maps the result. Rules live in the domain.

use crate::error::AppError;
use anju_types::customer::{
    ContactWarning, CustomerPage, CustomerView, FieldChange, InteractionView,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Everything the detail page shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerDetail {
    pub customer: CustomerView,
    pub interactions: Vec<InteractionView>,
    pub history: Vec<FieldChange>,
    /// Reasons against another outbound contact right now.
    pub contact_warnings: Vec<ContactWarning>,
}

#[server(endpoint = "customers/search")]
pub async fn search_customers(
    q: Option<String>,
    tag: Option<String>,
    after: Option<i64>,
) -> Result<CustomerPage, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let query = anju_domain::customers::SearchQuery {
        q,
        tag,
        after,
        limit: 30,
    };
    Ok(anju_domain::customers::search(&svc.db, &actor, &query).await?)
}

#[server(endpoint = "customers/detail")]
pub async fn load_customer_detail(id: i64) -> Result<CustomerDetail, AppError> {
    use anju_domain::customers;
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(CustomerDetail {
        customer: customers::get(&svc.db, &actor, id).await?,
        interactions: customers::interactions::list(&svc.db, &actor, id, None, 50).await?,
        history: customers::history(&svc.db, &actor, id).await?,
        contact_warnings: customers::contact_guard::check(
            &svc.db,
            id,
            customers::contact_guard::ContactPolicy::load(&svc.db)
                .await
                .map_err(anju_domain::DomainError::from)?,
            svc.clock.now(),
        )
        .await
        .map_err(anju_domain::DomainError::from)?,
    })
}

/// Registers a customer and opens its page. Form fields arrive as strings
/// (a checkbox is present or absent), so it also works without JavaScript.
#[server(endpoint = "customers/create")]
pub async fn create_customer(
    name: String,
    mobile: String,
    gender: Option<String>,
    source_channel: Option<String>,
    consent_marketing: Option<String>,
    notes: Option<String>,
    project_id: Option<String>,
) -> Result<i64, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::customer::CustomerDraft {
        name,
        mobile,
        gender,
        source_channel,
        consent_marketing: consent_marketing.is_some(),
        notes,
        ..Default::default()
    };
    // A walk-in with a project of interest starts an opportunity at 来访,
    // in the same transaction as the customer.
    let project_id = project_id
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|_| anju_domain::auth::can(&actor, anju_types::Permission::ViewPipeline));
    let created =
        anju_domain::customers::register(&svc.db, &actor, &draft, project_id, svc.clock.now())
            .await?;
    leptos_axum::redirect(&format!("/console/customers/{}", created.id));
    Ok(created.id)
}

#[server(endpoint = "customers/log_interaction")]
pub async fn log_interaction(
    customer_id: i64,
    kind: String,
    notes: String,
    next_follow_up_on: Option<String>,
) -> Result<Vec<ContactWarning>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let draft = anju_types::customer::InteractionDraft {
        kind,
        notes,
        occurred_at: None,
        next_follow_up_on,
    };
    let logged = anju_domain::customers::interactions::log(
        &svc.db,
        &actor,
        customer_id,
        &draft,
        svc.clock.now(),
    )
    .await?;
    Ok(logged.warnings)
}

/// Projects to choose in forms.
#[server(endpoint = "customers/projects")]
pub async fn load_projects() -> Result<Vec<anju_types::pipeline::ProjectRef>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    if !anju_domain::auth::can(&actor, anju_types::Permission::ViewPipeline) {
        return Ok(Vec::new());
    }
    Ok(anju_domain::pipeline::projects(&svc.db, &actor).await?)
}

/// The salespeople of the manager's team, for the reassignment form.
#[server(endpoint = "customers/team")]
pub async fn load_team() -> Result<Vec<anju_types::customer::StaffRef>, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::customers::reassign::team_salespeople(&svc.db, &actor).await?)
}

/// Moves every customer of one salesperson to another; returns how many.
#[server(endpoint = "customers/reassign")]
pub async fn reassign_customers(from_sales_id: i64, to_sales_id: i64) -> Result<u64, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    let request = anju_domain::customers::reassign::Reassignment {
        from_sales_id,
        to_sales_id,
        customer_ids: None,
    };
    Ok(
        anju_domain::customers::reassign::reassign(&svc.db, &actor, &request, svc.clock.now())
            .await?,
    )
}

/// The signed-in staff user's customer work queue.
#[server(endpoint = "customers/work_queue")]
pub async fn load_work_queue() -> Result<anju_types::customer::WorkQueue, AppError> {
    let (actor, svc) = crate::session::signed_in().await?;
    Ok(anju_domain::customers::work_queue::for_actor(&svc.db, &actor, svc.clock.now()).await?)
}
