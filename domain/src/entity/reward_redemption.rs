use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "reward_redemptions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub reward_id: i64,
    pub member_id: i64,
    pub points: i64,
    pub entry_id: i64,
    pub status: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
