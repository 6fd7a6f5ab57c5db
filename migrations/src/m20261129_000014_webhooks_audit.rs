//! Webhooks: URLs an administrator registers for domain events, and one
//! delivery row per (webhook, outbox event), written in the same transaction
//! as the event, sent and retried by a job. And an index for the audit-log
//! viewer's "this kind of record, newest first".

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Webhooks::Table)
                .col(pk_auto(Webhooks::Id).big_integer())
                .col(string_len(Webhooks::Url, 500))
                // Space-separated topic patterns: `deal.closed`, `ticket.*`, `*`.
                .col(string_len(Webhooks::Events, 500))
                // The HMAC-SHA256 key; it must be readable to sign with.
                .col(string_len(Webhooks::Secret, 100))
                .col(boolean(Webhooks::Active).default(true))
                .col(big_integer(Webhooks::CreatedBy))
                .col(timestamp_with_time_zone(Webhooks::CreatedAt))
                .col(timestamp_with_time_zone(Webhooks::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Webhooks::Table, Webhooks::CreatedBy)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(WebhookDeliveries::Table)
                .col(pk_auto(WebhookDeliveries::Id).big_integer())
                .col(big_integer(WebhookDeliveries::WebhookId))
                .col(big_integer(WebhookDeliveries::EventId))
                .col(string_len(WebhookDeliveries::Topic, 60))
                // pending, delivered, failed (gave up).
                .col(string_len(WebhookDeliveries::State, 12))
                .col(integer(WebhookDeliveries::Attempts).default(0))
                // When the next attempt is due; a sender claims a delivery
                // by moving this forward (a lease), so only one sends it.
                .col(timestamp_with_time_zone(WebhookDeliveries::NextAttemptAt))
                .col(integer_null(WebhookDeliveries::LastStatus))
                .col(string_len_null(WebhookDeliveries::LastError, 300))
                .col(timestamp_with_time_zone_null(
                    WebhookDeliveries::LastAttemptAt,
                ))
                .col(timestamp_with_time_zone_null(
                    WebhookDeliveries::DeliveredAt,
                ))
                .col(timestamp_with_time_zone(WebhookDeliveries::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(WebhookDeliveries::Table, WebhookDeliveries::WebhookId)
                        .to(Webhooks::Table, Webhooks::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(WebhookDeliveries::Table, WebhookDeliveries::EventId)
                        .to(OutboxEvents::Table, OutboxEvents::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_webhook_deliveries_once")
                .table(WebhookDeliveries::Table)
                .col(WebhookDeliveries::WebhookId)
                .col(WebhookDeliveries::EventId)
                .unique()
                .to_owned(),
        )
        .await?;
        // The sender's scan: pending deliveries by due time.
        m.create_index(
            Index::create()
                .name("idx_webhook_deliveries_due")
                .table(WebhookDeliveries::Table)
                .col(WebhookDeliveries::State)
                .col(WebhookDeliveries::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_audit_entity_newest")
                .table(AuditLog::Table)
                .col(AuditLog::Entity)
                .col(AuditLog::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_audit_entity_newest")
                .table(AuditLog::Table)
                .to_owned(),
        )
        .await?;
        for table in [
            WebhookDeliveries::Table.into_iden(),
            Webhooks::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    Url,
    Events,
    Secret,
    Active,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum WebhookDeliveries {
    Table,
    Id,
    WebhookId,
    EventId,
    Topic,
    State,
    Attempts,
    NextAttemptAt,
    LastStatus,
    LastError,
    LastAttemptAt,
    DeliveredAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OutboxEvents {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Id,
    Entity,
}
