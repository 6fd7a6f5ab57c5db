use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "offers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub merchant_id: i64,
    pub title: String,
    pub description: String,
    pub discount: String,
    pub min_tier: String,
    pub valid_from: DateTimeUtc,
    pub valid_until: DateTimeUtc,
    pub per_member_limit: i32,
    pub total_quantity: i32,
    pub claimed_count: i32,
    pub active: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
