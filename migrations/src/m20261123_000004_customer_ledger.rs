//! The customer ledger (客户台账): full profile, assigned salesperson with its
//! history, key-field history, tags and interactions.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        let columns = [
            date_null(Customers::Birthday),
            string_len_null(Customers::IdNumber, 18),
            string_len_null(Customers::Employer, 128),
            string_len_null(Customers::Education, 32),
            string_len_null(Customers::City, 32),
            string_len_null(Customers::District, 32),
            string_len_null(Customers::SourceChannel, 32),
            boolean(Customers::ConsentMarketing)
                .default(false)
                .to_owned(),
            big_integer_null(Customers::AssignedSalesId),
            // For "last 4 digits" search without a scan.
            string_len(Customers::MobileLast4, 4).default("").to_owned(),
            text_null(Customers::Notes),
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
            ("idx_customers_mobile_last4", Customers::MobileLast4),
            ("idx_customers_assigned_sales", Customers::AssignedSalesId),
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
        m.create_index(
            Index::create()
                .name("idx_customers_id_number")
                .table(Customers::Table)
                .col(Customers::IdNumber)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CustomerTags::Table)
                .col(big_integer(CustomerTags::CustomerId))
                .col(string_len(CustomerTags::Tag, 32))
                .primary_key(
                    Index::create()
                        .col(CustomerTags::CustomerId)
                        .col(CustomerTags::Tag),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(CustomerTags::Table, CustomerTags::CustomerId)
                        .to(Customers::Table, Customers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_customer_tags_tag")
                .table(CustomerTags::Table)
                .col(CustomerTags::Tag)
                .col(CustomerTags::CustomerId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CustomerFieldHistory::Table)
                .col(pk_auto(CustomerFieldHistory::Id).big_integer())
                .col(big_integer(CustomerFieldHistory::CustomerId))
                .col(string_len(CustomerFieldHistory::Field, 32))
                .col(text_null(CustomerFieldHistory::OldValue))
                .col(text_null(CustomerFieldHistory::NewValue))
                .col(big_integer_null(CustomerFieldHistory::ChangedBy))
                .col(timestamp_with_time_zone(CustomerFieldHistory::ChangedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(
                            CustomerFieldHistory::Table,
                            CustomerFieldHistory::CustomerId,
                        )
                        .to(Customers::Table, Customers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_customer_field_history_customer")
                .table(CustomerFieldHistory::Table)
                .col(CustomerFieldHistory::CustomerId)
                .col(CustomerFieldHistory::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Interactions::Table)
                .col(pk_auto(Interactions::Id).big_integer())
                .col(big_integer(Interactions::CustomerId))
                .col(string_len(Interactions::Kind, 16))
                .col(timestamp_with_time_zone(Interactions::OccurredAt))
                .col(big_integer_null(Interactions::StaffUserId))
                .col(text(Interactions::Notes))
                .col(date_null(Interactions::NextFollowUpOn))
                .col(timestamp_with_time_zone(Interactions::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Interactions::Table, Interactions::CustomerId)
                        .to(Customers::Table, Customers::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_interactions_customer_time")
                .table(Interactions::Table)
                .col(Interactions::CustomerId)
                .col(Interactions::OccurredAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_interactions_staff_follow_up")
                .table(Interactions::Table)
                .col(Interactions::StaffUserId)
                .col(Interactions::NextFollowUpOn)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Interactions::Table.into_iden(),
            CustomerFieldHistory::Table.into_iden(),
            CustomerTags::Table.into_iden(),
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
    Birthday,
    IdNumber,
    Employer,
    Education,
    City,
    District,
    SourceChannel,
    ConsentMarketing,
    AssignedSalesId,
    MobileLast4,
    Notes,
}

#[derive(DeriveIden)]
enum CustomerTags {
    Table,
    CustomerId,
    Tag,
}

#[derive(DeriveIden)]
enum CustomerFieldHistory {
    Table,
    Id,
    CustomerId,
    Field,
    OldValue,
    NewValue,
    ChangedBy,
    ChangedAt,
}

#[derive(DeriveIden)]
enum Interactions {
    Table,
    Id,
    CustomerId,
    Kind,
    OccurredAt,
    StaffUserId,
    Notes,
    NextFollowUpOn,
    CreatedAt,
}
