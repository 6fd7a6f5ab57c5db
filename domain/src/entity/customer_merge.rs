use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_merges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub survivor_id: i64,
    pub merged_id: i64,
    /// JSON of `customers::merge::Moved`.
    pub moved: String,
    pub merged_by: i64,
    pub merged_at: DateTimeUtc,
    pub undone_by: Option<i64>,
    pub undone_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
