//! The audit log: every write records actor, time, entity, before and after.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .col(pk_auto(AuditLog::Id).big_integer())
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(big_integer_null(AuditLog::ActorUserId))
                .col(string_len(AuditLog::Action, 48))
                .col(string_len(AuditLog::Entity, 48))
                .col(string_len(AuditLog::EntityId, 64))
                .col(text_null(AuditLog::Before))
                .col(text_null(AuditLog::After))
                .col(string_len_null(AuditLog::RequestId, 64))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_entity")
                .table(AuditLog::Table)
                .col(AuditLog::Entity)
                .col(AuditLog::EntityId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_actor")
                .table(AuditLog::Table)
                .col(AuditLog::ActorUserId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(AuditLog::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    At,
    ActorUserId,
    Action,
    Entity,
    EntityId,
    Before,
    After,
    RequestId,
}
