use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tickets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub unit_id: Option<i64>,
    pub kind: String,
    pub category: String,
    pub title: String,
    pub description: String,
    pub channel: String,
    pub priority: String,
    pub status: String,
    pub agent_user_id: Option<i64>,
    pub created_by: Option<i64>,
    pub defect_tag: Option<String>,
    pub first_response_warn_at: DateTimeUtc,
    pub first_response_due_at: DateTimeUtc,
    pub resolution_warn_at: DateTimeUtc,
    pub resolution_due_at: DateTimeUtc,
    pub business_hours: bool,
    pub first_responded_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub paused_at: Option<DateTimeUtc>,
    /// Counted the ticket's way (wall clock or business hours).
    pub paused_minutes: i32,
    pub rating: Option<i32>,
    pub revisit_comment: Option<String>,
    pub revisited_at: Option<DateTimeUtc>,
    pub reopen_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
