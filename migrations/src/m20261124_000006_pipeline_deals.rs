//! The sales pipeline and transactions: opportunities with their stage
//! history, deals (reservation → contract → handover) with instalments and
//! payments, the outbox for domain events, and settings.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Opportunities::Table)
                .col(pk_auto(Opportunities::Id).big_integer())
                .col(big_integer(Opportunities::CustomerId))
                .col(big_integer(Opportunities::ProjectId))
                .col(big_integer_null(Opportunities::SalesUserId))
                .col(string_len(Opportunities::Stage, 16))
                // The furthest funnel step ever reached (1 visit … 4 deal),
                // kept when an opportunity is lost, for conversion figures.
                .col(integer(Opportunities::FurthestRank))
                .col(big_integer_null(Opportunities::ExpectedAmountFen))
                .col(date_null(Opportunities::ExpectedCloseOn))
                .col(string_len_null(Opportunities::SourceChannel, 32))
                .col(string_len_null(Opportunities::CampaignCode, 32))
                .col(string_len_null(Opportunities::LostReason, 64))
                .col(big_integer_null(Opportunities::DealAmountFen))
                .col(timestamp_with_time_zone(Opportunities::StageChangedAt))
                .col(timestamp_with_time_zone(Opportunities::CreatedAt))
                .col(timestamp_with_time_zone(Opportunities::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Opportunities::Table, Opportunities::CustomerId)
                        .to(Customers::Table, Customers::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Opportunities::Table, Opportunities::ProjectId)
                        .to(Projects::Table, Projects::Id),
                )
                .to_owned(),
        )
        .await?;
        // One opportunity per customer and project.
        m.create_index(
            Index::create()
                .name("idx_opportunities_customer_project")
                .table(Opportunities::Table)
                .col(Opportunities::CustomerId)
                .col(Opportunities::ProjectId)
                .unique()
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "idx_opportunities_stage",
                vec![Opportunities::Stage, Opportunities::StageChangedAt],
            ),
            (
                "idx_opportunities_sales_stage",
                vec![Opportunities::SalesUserId, Opportunities::Stage],
            ),
            (
                "idx_opportunities_project_stage",
                vec![Opportunities::ProjectId, Opportunities::Stage],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Opportunities::Table);
            for c in cols {
                index.col(c);
            }
            m.create_index(index.to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(OpportunityStageChanges::Table)
                .col(pk_auto(OpportunityStageChanges::Id).big_integer())
                .col(big_integer(OpportunityStageChanges::OpportunityId))
                .col(string_len_null(OpportunityStageChanges::FromStage, 16))
                .col(string_len(OpportunityStageChanges::ToStage, 16))
                .col(string_len_null(OpportunityStageChanges::Reason, 64))
                .col(big_integer_null(OpportunityStageChanges::ChangedBy))
                .col(timestamp_with_time_zone(OpportunityStageChanges::ChangedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            OpportunityStageChanges::Table,
                            OpportunityStageChanges::OpportunityId,
                        )
                        .to(Opportunities::Table, Opportunities::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_opportunity_stage_changes_opp")
                .table(OpportunityStageChanges::Table)
                .col(OpportunityStageChanges::OpportunityId)
                .col(OpportunityStageChanges::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Deals::Table)
                .col(pk_auto(Deals::Id).big_integer())
                .col(big_integer(Deals::UnitId))
                .col(big_integer(Deals::CustomerId))
                .col(big_integer_null(Deals::OpportunityId))
                .col(big_integer_null(Deals::SalesUserId))
                .col(string_len(Deals::Status, 16))
                .col(big_integer(Deals::ListPriceFen))
                .col(big_integer(Deals::DiscountFen))
                .col(big_integer(Deals::PriceFen))
                .col(big_integer(Deals::DepositFen))
                .col(string_len(Deals::DiscountApproval, 16))
                .col(big_integer_null(Deals::ApprovedBy))
                .col(timestamp_with_time_zone_null(Deals::ApprovedAt))
                .col(string_len_null(Deals::ApprovalNote, 200))
                .col(timestamp_with_time_zone(Deals::ReservedAt))
                .col(timestamp_with_time_zone_null(Deals::ContractedAt))
                .col(timestamp_with_time_zone_null(Deals::DeliveredAt))
                .col(timestamp_with_time_zone_null(Deals::CancelledAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Deals::Table, Deals::UnitId)
                        .to(Units::Table, Units::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Deals::Table, Deals::CustomerId)
                        .to(Customers::Table, Customers::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, a, b) in [
            ("idx_deals_unit_status", Deals::UnitId, Deals::Status),
            ("idx_deals_customer", Deals::CustomerId, Deals::Id),
            (
                "idx_deals_approval",
                Deals::DiscountApproval,
                Deals::SalesUserId,
            ),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Deals::Table)
                    .col(a)
                    .col(b)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(DealInstallments::Table)
                .col(pk_auto(DealInstallments::Id).big_integer())
                .col(big_integer(DealInstallments::DealId))
                .col(integer(DealInstallments::Seq))
                .col(string_len(DealInstallments::Label, 32))
                .col(date(DealInstallments::DueOn))
                .col(big_integer(DealInstallments::AmountFen))
                .foreign_key(
                    ForeignKey::create()
                        .from(DealInstallments::Table, DealInstallments::DealId)
                        .to(Deals::Table, Deals::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_deal_installments_deal_seq")
                .table(DealInstallments::Table)
                .col(DealInstallments::DealId)
                .col(DealInstallments::Seq)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(DealPayments::Table)
                .col(pk_auto(DealPayments::Id).big_integer())
                .col(big_integer(DealPayments::DealId))
                .col(big_integer(DealPayments::AmountFen))
                .col(date(DealPayments::ReceivedOn))
                .col(string_len(DealPayments::Method, 16))
                .col(string_len(DealPayments::Reference, 64))
                .col(big_integer_null(DealPayments::RecordedBy))
                .col(timestamp_with_time_zone(DealPayments::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(DealPayments::Table, DealPayments::DealId)
                        .to(Deals::Table, Deals::Id),
                )
                .to_owned(),
        )
        .await?;
        // A retried payment entry carries the same receipt reference.
        m.create_index(
            Index::create()
                .name("idx_deal_payments_deal_reference")
                .table(DealPayments::Table)
                .col(DealPayments::DealId)
                .col(DealPayments::Reference)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(OutboxEvents::Table)
                .col(pk_auto(OutboxEvents::Id).big_integer())
                .col(string_len(OutboxEvents::Topic, 64))
                .col(text(OutboxEvents::Payload))
                .col(timestamp_with_time_zone(OutboxEvents::CreatedAt))
                .col(timestamp_with_time_zone_null(OutboxEvents::PublishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_outbox_events_pending")
                .table(OutboxEvents::Table)
                .col(OutboxEvents::PublishedAt)
                .col(OutboxEvents::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(string_len(Settings::Key, 64).primary_key())
                .col(text(Settings::Value))
                .col(big_integer_null(Settings::UpdatedBy))
                .col(timestamp_with_time_zone(Settings::UpdatedAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Settings::Table.into_iden(),
            OutboxEvents::Table.into_iden(),
            DealPayments::Table.into_iden(),
            DealInstallments::Table.into_iden(),
            Deals::Table.into_iden(),
            OpportunityStageChanges::Table.into_iden(),
            Opportunities::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    Id,
    CustomerId,
    ProjectId,
    SalesUserId,
    Stage,
    FurthestRank,
    ExpectedAmountFen,
    ExpectedCloseOn,
    SourceChannel,
    CampaignCode,
    LostReason,
    DealAmountFen,
    StageChangedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum OpportunityStageChanges {
    Table,
    Id,
    OpportunityId,
    FromStage,
    ToStage,
    Reason,
    ChangedBy,
    ChangedAt,
}

#[derive(DeriveIden)]
enum Deals {
    Table,
    Id,
    UnitId,
    CustomerId,
    OpportunityId,
    SalesUserId,
    Status,
    ListPriceFen,
    DiscountFen,
    PriceFen,
    DepositFen,
    DiscountApproval,
    ApprovedBy,
    ApprovedAt,
    ApprovalNote,
    ReservedAt,
    ContractedAt,
    DeliveredAt,
    CancelledAt,
}

#[derive(DeriveIden)]
enum DealInstallments {
    Table,
    Id,
    DealId,
    Seq,
    Label,
    DueOn,
    AmountFen,
}

#[derive(DeriveIden)]
enum DealPayments {
    Table,
    Id,
    DealId,
    AmountFen,
    ReceivedOn,
    Method,
    Reference,
    RecordedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum OutboxEvents {
    Table,
    Id,
    Topic,
    Payload,
    CreatedAt,
    PublishedAt,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedBy,
    UpdatedAt,
}
