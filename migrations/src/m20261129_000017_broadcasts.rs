//! Targeted messages (定向消息): one row per message sent to a segment,
//! with how many it reached and how many were left out. The messages
//! themselves are rows of `outbound_messages`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Broadcasts::Table)
                .col(pk_auto(Broadcasts::Id).big_integer())
                .col(string_len(Broadcasts::Segment, 12))
                .col(text(Broadcasts::Body))
                .col(big_integer(Broadcasts::Recipients))
                .col(big_integer(Broadcasts::Excluded))
                .col(big_integer(Broadcasts::CreatedBy))
                .col(timestamp_with_time_zone(Broadcasts::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Broadcasts::Table, Broadcasts::CreatedBy)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Broadcasts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Broadcasts {
    Table,
    Id,
    Segment,
    Body,
    Recipients,
    Excluded,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}
