//! Property inventory: project → building → unit. Money is whole fen and
//! area hundredths of a m², both integers, so both engines stay exact.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Projects::Table)
                .col(pk_auto(Projects::Id).big_integer())
                .col(string_len_uniq(Projects::Code, 32))
                .col(string_len(Projects::Name, 128))
                .col(string_len(Projects::City, 32))
                .col(string_len(Projects::District, 32))
                .col(string_len(Projects::Status, 16))
                .col(timestamp_with_time_zone(Projects::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Buildings::Table)
                .col(pk_auto(Buildings::Id).big_integer())
                .col(big_integer(Buildings::ProjectId))
                .col(string_len(Buildings::Name, 32))
                .col(integer(Buildings::Floors))
                .col(integer(Buildings::UnitsPerFloor))
                .foreign_key(
                    ForeignKey::create()
                        .from(Buildings::Table, Buildings::ProjectId)
                        .to(Projects::Table, Projects::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_buildings_project_name")
                .table(Buildings::Table)
                .col(Buildings::ProjectId)
                .col(Buildings::Name)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Units::Table)
                .col(pk_auto(Units::Id).big_integer())
                .col(big_integer(Units::BuildingId))
                .col(integer(Units::Floor))
                .col(string_len(Units::Number, 16))
                .col(string_len(Units::Layout, 32))
                .col(big_integer(Units::AreaCentiM2))
                .col(big_integer(Units::ListPriceFen))
                .col(string_len(Units::Status, 16))
                .col(timestamp_with_time_zone(Units::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Units::Table, Units::BuildingId)
                        .to(Buildings::Table, Buildings::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_units_building_number")
                .table(Units::Table)
                .col(Units::BuildingId)
                .col(Units::Number)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Units::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Buildings::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Projects::Table).to_owned())
            .await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Code,
    Name,
    City,
    District,
    Status,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Buildings {
    Table,
    Id,
    ProjectId,
    Name,
    Floors,
    UnitsPerFloor,
}

#[derive(DeriveIden)]
enum Units {
    Table,
    Id,
    BuildingId,
    Floor,
    Number,
    Layout,
    AreaCentiM2,
    ListPriceFen,
    Status,
    UpdatedAt,
}
