use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "units")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub building_id: i64,
    pub floor: i32,
    pub number: String,
    pub layout: String,
    pub area_centi_m2: i64,
    pub list_price_fen: i64,
    pub status: String,
    pub updated_at: DateTimeUtc,
    pub customer_id: Option<i64>,
    pub hold_expires_at: Option<DateTimeUtc>,
    pub status_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
