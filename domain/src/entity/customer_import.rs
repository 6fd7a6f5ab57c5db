use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "customer_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub created_by: i64,
    pub file_name: String,
    pub encoding: String,
    pub content: String,
    /// JSON array of the header cells.
    pub headers: String,
    /// JSON of `ColumnMapping`, set when the import is started.
    pub mapping: Option<String>,
    pub assign_to: Option<i64>,
    pub status: String,
    pub total_rows: i32,
    pub done_rows: i32,
    pub created_count: i32,
    pub duplicate_count: i32,
    pub error_count: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
