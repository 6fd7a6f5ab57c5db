//! Marketing campaigns (市场活动): channel, dates and cost, matched to leads
//! by code (opportunities.campaign_code) or by channel and dates.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Campaigns::Table)
                .col(pk_auto(Campaigns::Id).big_integer())
                // Upper-case, as opportunities carry it.
                .col(string_len(Campaigns::Code, 32).unique_key())
                .col(string_len(Campaigns::Name, 60))
                .col(string_len(Campaigns::Channel, 32))
                .col(big_integer_null(Campaigns::ProjectId))
                .col(date(Campaigns::StartsOn))
                .col(date(Campaigns::EndsOn))
                .col(big_integer(Campaigns::CostFen))
                .col(big_integer(Campaigns::CreatedBy))
                .col(timestamp_with_time_zone(Campaigns::CreatedAt))
                .col(timestamp_with_time_zone(Campaigns::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Campaigns::Table, Campaigns::ProjectId)
                        .to(Projects::Table, Projects::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Campaigns::Table, Campaigns::CreatedBy)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        // Attribution by code looks opportunities up by it.
        m.create_index(
            Index::create()
                .name("idx_opportunities_campaign_code")
                .table(Opportunities::Table)
                .col(Opportunities::CampaignCode)
                .to_owned(),
        )
        .await?;
        // Attribution by channel: customers of a channel registered in a window.
        m.create_index(
            Index::create()
                .name("idx_customers_channel_created")
                .table(Customers::Table)
                .col(Customers::SourceChannel)
                .col(Customers::CreatedAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_customers_channel_created")
                .table(Customers::Table)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_opportunities_campaign_code")
                .table(Opportunities::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Campaigns::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    Code,
    Name,
    Channel,
    ProjectId,
    StartsOn,
    EndsOn,
    CostFen,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Opportunities {
    Table,
    CampaignCode,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    SourceChannel,
    CreatedAt,
}
