//! Name and initials search at a million customers: a prefix of a common
//! surname matches thousands of rows. These indexes also hold the columns
//! the record scope filters on (the row id comes with every index), so the
//! search finds the page's ids from the index alone, then reads 30 rows.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: [(&str, [Customers; 3]); 3] = [
    (
        "idx_customers_name_scope",
        [
            Customers::Name,
            Customers::AssignedSalesId,
            Customers::MergedIntoId,
        ],
    ),
    (
        "idx_customers_initials_scope",
        [
            Customers::NameInitials,
            Customers::AssignedSalesId,
            Customers::MergedIntoId,
        ],
    ),
    // A salesperson's own list by name: equality, then the prefix range.
    (
        "idx_customers_sales_name",
        [
            Customers::AssignedSalesId,
            Customers::Name,
            Customers::MergedIntoId,
        ],
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, cols) in INDEXES {
            let mut index = Index::create();
            index.name(name).table(Customers::Table);
            for col in cols {
                index.col(col);
            }
            m.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (name, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table(Customers::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Customers {
    Table,
    AssignedSalesId,
    MergedIntoId,
    Name,
    NameInitials,
}
