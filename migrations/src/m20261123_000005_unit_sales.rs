//! Selling units: who holds or bought a unit, and until when a hold lasts.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for mut column in [
            big_integer_null(Units::CustomerId),
            timestamp_with_time_zone_null(Units::HoldExpiresAt),
            big_integer_null(Units::StatusBy),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Units::Table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_units_customer")
                .table(Units::Table)
                .col(Units::CustomerId)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_units_customer")
                .table(Units::Table)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Units {
    Table,
    CustomerId,
    HoldExpiresAt,
    StatusBy,
}
