use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "opportunities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub customer_id: i64,
    pub project_id: i64,
    pub sales_user_id: Option<i64>,
    pub stage: String,
    pub furthest_rank: i32,
    pub expected_amount_fen: Option<i64>,
    pub expected_close_on: Option<Date>,
    pub source_channel: Option<String>,
    pub campaign_code: Option<String>,
    pub lost_reason: Option<String>,
    pub deal_amount_fen: Option<i64>,
    pub stage_changed_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
