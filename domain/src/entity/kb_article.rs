use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "kb_articles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub section: String,
    pub ticket_category: Option<String>,
    pub title: String,
    pub body: String,
    pub keywords: String,
    pub published: bool,
    pub source_ticket_id: Option<i64>,
    pub updated_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
