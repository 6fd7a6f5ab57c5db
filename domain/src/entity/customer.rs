use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    #[sea_orm(unique)]
    pub mobile: String,
    pub gender: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub birthday: Option<Date>,
    pub id_number: Option<String>,
    pub employer: Option<String>,
    pub education: Option<String>,
    pub city: Option<String>,
    pub district: Option<String>,
    pub source_channel: Option<String>,
    pub consent_marketing: bool,
    pub assigned_sales_id: Option<i64>,
    pub mobile_last4: String,
    pub notes: Option<String>,
    /// Set when this record was merged into another (a tombstone).
    pub merged_into_id: Option<i64>,
    pub name_initials: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
