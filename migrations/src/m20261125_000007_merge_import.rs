//! Duplicate merging (a merged customer stays as a tombstone pointing at the
//! survivor, with a merge record to undo it), pinyin initials for name
//! search, and resumable CSV imports with their per-row report.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            big_integer_null(Customers::MergedIntoId),
            // 张三丰 → "zsf"; filled by the application (it needs the
            // pinyin tables), backfilled at start-up for older rows.
            string_len(Customers::NameInitials, 32)
                .default("")
                .to_owned(),
        ];
        for mut column in columns {
            m.alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .add_column(&mut column)
                    .to_owned(),
            )
            .await?;
        }
        for (name, col) in [
            ("idx_customers_merged_into", Customers::MergedIntoId),
            ("idx_customers_name_initials", Customers::NameInitials),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Customers::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(CustomerMerges::Table)
                .col(pk_auto(CustomerMerges::Id).big_integer())
                .col(big_integer(CustomerMerges::SurvivorId))
                .col(big_integer(CustomerMerges::MergedId))
                // What moved and what changed, so the merge can be undone.
                .col(text(CustomerMerges::Moved))
                .col(big_integer(CustomerMerges::MergedBy))
                .col(timestamp_with_time_zone(CustomerMerges::MergedAt))
                .col(big_integer_null(CustomerMerges::UndoneBy))
                .col(timestamp_with_time_zone_null(CustomerMerges::UndoneAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CustomerMerges::Table, CustomerMerges::SurvivorId)
                        .to(Customers::Table, Customers::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CustomerMerges::Table, CustomerMerges::MergedId)
                        .to(Customers::Table, Customers::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, col) in [
            ("idx_customer_merges_survivor", CustomerMerges::SurvivorId),
            ("idx_customer_merges_merged", CustomerMerges::MergedId),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(CustomerMerges::Table)
                    .col(col)
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table(CustomerImports::Table)
                .col(pk_auto(CustomerImports::Id).big_integer())
                .col(big_integer(CustomerImports::CreatedBy))
                .col(string_len(CustomerImports::FileName, 128))
                .col(string_len(CustomerImports::Encoding, 16))
                // The file, decoded to UTF-8, so a restart can resume it.
                .col(text(CustomerImports::Content))
                .col(text(CustomerImports::Headers))
                .col(text_null(CustomerImports::Mapping))
                .col(big_integer_null(CustomerImports::AssignTo))
                // mapping → queued → running → done (or failed).
                .col(string_len(CustomerImports::Status, 16))
                .col(integer(CustomerImports::TotalRows))
                // Data rows handled so far: the resume point, advanced in
                // the same transaction as the rows it covers.
                .col(integer(CustomerImports::DoneRows).default(0))
                .col(integer(CustomerImports::CreatedCount).default(0))
                .col(integer(CustomerImports::DuplicateCount).default(0))
                .col(integer(CustomerImports::ErrorCount).default(0))
                .col(timestamp_with_time_zone(CustomerImports::CreatedAt))
                .col(timestamp_with_time_zone(CustomerImports::UpdatedAt))
                .col(timestamp_with_time_zone_null(CustomerImports::FinishedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(CustomerImports::Table, CustomerImports::CreatedBy)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_customer_imports_status")
                .table(CustomerImports::Table)
                .col(CustomerImports::Status)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CustomerImportRows::Table)
                .col(big_integer(CustomerImportRows::ImportId))
                // 1-based data row (the header is row 0).
                .col(integer(CustomerImportRows::RowNo))
                // created / duplicate / error
                .col(string_len(CustomerImportRows::Outcome, 16))
                .col(big_integer_null(CustomerImportRows::CustomerId))
                // `field:code` pairs, comma-separated.
                .col(text_null(CustomerImportRows::Problems))
                .primary_key(
                    Index::create()
                        .col(CustomerImportRows::ImportId)
                        .col(CustomerImportRows::RowNo),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CustomerImportRows::Table, CustomerImportRows::ImportId)
                        .to(CustomerImports::Table, CustomerImports::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            CustomerImportRows::Table.into_iden(),
            CustomerImports::Table.into_iden(),
            CustomerMerges::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for name in ["idx_customers_merged_into", "idx_customers_name_initials"] {
            m.drop_index(Index::drop().name(name).table(Customers::Table).to_owned())
                .await?;
        }
        for col in [Customers::MergedIntoId, Customers::NameInitials] {
            m.alter_table(
                Table::alter()
                    .table(Customers::Table)
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    MergedIntoId,
    NameInitials,
}

#[derive(DeriveIden)]
enum CustomerMerges {
    Table,
    Id,
    SurvivorId,
    MergedId,
    Moved,
    MergedBy,
    MergedAt,
    UndoneBy,
    UndoneAt,
}

#[derive(DeriveIden)]
enum CustomerImports {
    Table,
    Id,
    CreatedBy,
    FileName,
    Encoding,
    Content,
    Headers,
    Mapping,
    AssignTo,
    Status,
    TotalRows,
    DoneRows,
    CreatedCount,
    DuplicateCount,
    ErrorCount,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

#[derive(DeriveIden)]
enum CustomerImportRows {
    Table,
    ImportId,
    RowNo,
    Outcome,
    CustomerId,
    Problems,
}
