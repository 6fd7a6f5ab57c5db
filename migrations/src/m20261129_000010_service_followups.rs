//! Service desk, second part: paused minutes and photos per ticket,
//! department heads (who SLA warnings and
//! escalations reach besides the assignee), in-app notifications, outbound
//! SMS/email messages a gateway drains later, and the knowledge base.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Departments::Table)
                .add_column(big_integer_null(Departments::HeadUserId))
                .to_owned(),
        )
        .await?;

        // Minutes the SLA clock stood still (awaiting the customer), so a
        // re-classified ticket's deadlines can be recomputed exactly.
        m.alter_table(
            Table::alter()
                .table(Tickets::Table)
                .add_column(integer(Tickets::PausedMinutes).default(0))
                .to_owned(),
        )
        .await?;

        // The agents' inbox: one status, the soonest deadline first.
        m.create_index(
            Index::create()
                .name("idx_tickets_status_due")
                .table(Tickets::Table)
                .col(Tickets::Status)
                .col(Tickets::ResolutionDueAt)
                .col(Tickets::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TicketPhotos::Table)
                .col(pk_auto(TicketPhotos::Id).big_integer())
                .col(big_integer(TicketPhotos::TicketId))
                // Judged from the bytes, never from the upload's claim.
                .col(string_len(TicketPhotos::ContentType, 16))
                .col(blob(TicketPhotos::Bytes))
                .col(big_integer(TicketPhotos::SizeBytes))
                .col(big_integer_null(TicketPhotos::UploadedBy))
                .col(timestamp_with_time_zone(TicketPhotos::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(TicketPhotos::Table, TicketPhotos::TicketId)
                        .to(Tickets::Table, Tickets::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_photos_ticket")
                .table(TicketPhotos::Table)
                .col(TicketPhotos::TicketId)
                .col(TicketPhotos::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Notifications::Table)
                .col(pk_auto(Notifications::Id).big_integer())
                .col(big_integer(Notifications::UserId))
                // ticket_step, sla_warning, sla_breach …: rendered in the
                // reader's language when read.
                .col(string_len(Notifications::Kind, 24))
                .col(big_integer_null(Notifications::TicketId))
                // The timeline step or alert the notification is about.
                .col(string_len(Notifications::Detail, 48))
                .col(timestamp_with_time_zone(Notifications::CreatedAt))
                .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Notifications::Table, Notifications::UserId)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_notifications_user")
                .table(Notifications::Table)
                .col(Notifications::UserId)
                .col(Notifications::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OutboundMessages::Table)
                .col(pk_auto(OutboundMessages::Id).big_integer())
                // sms or email.
                .col(string_len(OutboundMessages::Channel, 8))
                .col(string_len(OutboundMessages::Recipient, 120))
                .col(text(OutboundMessages::Body))
                .col(big_integer_null(OutboundMessages::CustomerId))
                // pending → sent / failed, set by the gateway.
                .col(string_len(OutboundMessages::Status, 12))
                .col(timestamp_with_time_zone(OutboundMessages::CreatedAt))
                .col(timestamp_with_time_zone_null(OutboundMessages::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbound_messages_status")
                .table(OutboundMessages::Table)
                .col(OutboundMessages::Status)
                .col(OutboundMessages::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(KbArticles::Table)
                .col(pk_auto(KbArticles::Id).big_integer())
                // faq (常见问题) or new_owner (新业主须知).
                .col(string_len(KbArticles::Section, 16))
                // The ticket category it answers, for suggestions.
                .col(string_len_null(KbArticles::TicketCategory, 48))
                .col(string_len(KbArticles::Title, 120))
                .col(text(KbArticles::Body))
                // Comma-separated words a member might type (漏水, 渗水 …).
                .col(string_len(KbArticles::Keywords, 200))
                .col(boolean(KbArticles::Published))
                .col(big_integer_null(KbArticles::SourceTicketId))
                .col(big_integer_null(KbArticles::UpdatedBy))
                .col(timestamp_with_time_zone(KbArticles::CreatedAt))
                .col(timestamp_with_time_zone(KbArticles::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_kb_articles_published")
                .table(KbArticles::Table)
                .col(KbArticles::Published)
                .col(KbArticles::Id)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            TicketPhotos::Table.into_iden(),
            KbArticles::Table.into_iden(),
            OutboundMessages::Table.into_iden(),
            Notifications::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_tickets_status_due")
                .table(Tickets::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Tickets::Table)
                .drop_column(Tickets::PausedMinutes)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Departments::Table)
                .drop_column(Departments::HeadUserId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    HeadUserId,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Status,
    ResolutionDueAt,
    PausedMinutes,
}

#[derive(DeriveIden)]
enum TicketPhotos {
    Table,
    Id,
    TicketId,
    ContentType,
    Bytes,
    SizeBytes,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Kind,
    TicketId,
    Detail,
    CreatedAt,
    ReadAt,
}

#[derive(DeriveIden)]
enum OutboundMessages {
    Table,
    Id,
    Channel,
    Recipient,
    Body,
    CustomerId,
    Status,
    CreatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum KbArticles {
    Table,
    Id,
    Section,
    TicketCategory,
    Title,
    Body,
    Keywords,
    Published,
    SourceTicketId,
    UpdatedBy,
    CreatedAt,
    UpdatedAt,
}
