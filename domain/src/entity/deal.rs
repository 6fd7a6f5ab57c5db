use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    pub customer_id: i64,
    pub opportunity_id: Option<i64>,
    pub sales_user_id: Option<i64>,
    pub status: String,
    pub list_price_fen: i64,
    pub discount_fen: i64,
    pub price_fen: i64,
    pub deposit_fen: i64,
    pub discount_approval: String,
    pub approved_by: Option<i64>,
    pub approved_at: Option<DateTimeUtc>,
    pub approval_note: Option<String>,
    pub reserved_at: DateTimeUtc,
    pub contracted_at: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
