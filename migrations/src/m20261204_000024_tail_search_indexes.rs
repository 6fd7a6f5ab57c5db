//! Search by a mobile's last four digits at a million customers: about a
//! hundred customers share any four digits, and the single-column index
//! made the search read each one's row to check the record scope (whose
//! salesperson, merged or not). These indexes hold the scope's columns and
//! the id, so the page's ids come from the index alone, already in the
//! order the page wants:
//!
//! - a salesperson's own customers: (salesperson, last four, merged, id);
//! - managers and service staff, who see everyone: (last four, merged, id),
//!   which also serves everything the old single-column index did.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const OLD: &str = "idx_customers_mobile_last4";

const INDEXES: [(&str, &[Customers]); 2] = [
    (
        "idx_customers_sales_tail",
        &[
            Customers::AssignedSalesId,
            Customers::MobileLast4,
            Customers::MergedIntoId,
            Customers::Id,
        ],
    ),
    (
        "idx_customers_tail_scope",
        &[
            Customers::MobileLast4,
            Customers::MergedIntoId,
            Customers::Id,
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
                index.col(col.clone());
            }
            m.create_index(index.to_owned()).await?;
        }
        m.drop_index(Index::drop().name(OLD).table(Customers::Table).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(OLD)
                .table(Customers::Table)
                .col(Customers::MobileLast4)
                .to_owned(),
        )
        .await?;
        for (name, _) in INDEXES {
            m.drop_index(Index::drop().name(name).table(Customers::Table).to_owned())
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum Customers {
    Table,
    Id,
    AssignedSalesId,
    MobileLast4,
    MergedIntoId,
}
