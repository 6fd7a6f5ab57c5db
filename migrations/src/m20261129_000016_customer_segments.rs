//! The customer pyramid as last computed: one row per customer with its
//! segment and value score, replaced whole by the segmentation job.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CustomerSegments::Table)
                .col(big_integer(CustomerSegments::CustomerId).primary_key())
                .col(string_len(CustomerSegments::Segment, 12))
                .col(integer(CustomerSegments::Score))
                .col(timestamp_with_time_zone(CustomerSegments::ComputedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CustomerSegments::Table, CustomerSegments::CustomerId)
                        .to(Customers::Table, Customers::Id),
                )
                .to_owned(),
        )
        .await?;
        // A segment's list, highest score first.
        m.create_index(
            Index::create()
                .name("idx_customer_segments_list")
                .table(CustomerSegments::Table)
                .col(CustomerSegments::Segment)
                .col(CustomerSegments::Score)
                .col(CustomerSegments::CustomerId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CustomerSegments::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum CustomerSegments {
    Table,
    CustomerId,
    Segment,
    Score,
    ComputedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}
