//! The club, second part: partner merchants' offers (联盟商家优惠) and the
//! coupons members claim and merchants redeem once.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Merchants::Table)
                .add_column(string_len_null(Merchants::Address, 200))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Offers::Table)
                .col(pk_auto(Offers::Id).big_integer())
                .col(big_integer(Offers::MerchantId))
                .col(string_len(Offers::Title, 80))
                .col(text(Offers::Description))
                // What the coupon grants, as the counter reads it: "饮品 8 折".
                .col(string_len(Offers::Discount, 40))
                // The lowest tier that may claim and use it.
                .col(string_len(Offers::MinTier, 12))
                .col(timestamp_with_time_zone(Offers::ValidFrom))
                .col(timestamp_with_time_zone(Offers::ValidUntil))
                .col(integer(Offers::PerMemberLimit))
                .col(integer(Offers::TotalQuantity))
                .col(
                    integer(Offers::ClaimedCount).default(0).check(
                        Expr::col(Offers::ClaimedCount).lte(Expr::col(Offers::TotalQuantity)),
                    ),
                )
                .col(boolean(Offers::Active).default(true))
                .col(timestamp_with_time_zone(Offers::CreatedAt))
                .col(timestamp_with_time_zone(Offers::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Offers::Table, Offers::MerchantId)
                        .to(Merchants::Table, Merchants::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Coupons::Table)
                .col(pk_auto(Coupons::Id).big_integer())
                .col(big_integer(Coupons::OfferId))
                .col(big_integer(Coupons::MemberId))
                // Kept here so a merchant's history is one index range.
                .col(big_integer(Coupons::MerchantId))
                // 12 characters of an unambiguous alphabet, unique.
                .col(string_len_uniq(Coupons::Code, 16))
                // valid → used; "expired" is read from expires_at.
                .col(string_len(Coupons::Status, 8))
                .col(timestamp_with_time_zone(Coupons::ClaimedAt))
                .col(timestamp_with_time_zone(Coupons::ExpiresAt))
                .col(timestamp_with_time_zone_null(Coupons::RedeemedAt))
                .col(big_integer_null(Coupons::RedeemedBy))
                .foreign_key(
                    ForeignKey::create()
                        .from(Coupons::Table, Coupons::OfferId)
                        .to(Offers::Table, Offers::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Coupons::Table, Coupons::MemberId)
                        .to(Members::Table, Members::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_coupons_member")
                .table(Coupons::Table)
                .col(Coupons::MemberId)
                .col(Coupons::OfferId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_coupons_merchant_redeemed")
                .table(Coupons::Table)
                .col(Coupons::MerchantId)
                .col(Coupons::RedeemedAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Coupons::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(Offers::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Merchants::Table)
                .drop_column(Merchants::Address)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Merchants {
    Table,
    Id,
    Address,
}

#[derive(DeriveIden)]
enum Members {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Offers {
    Table,
    Id,
    MerchantId,
    Title,
    Description,
    Discount,
    MinTier,
    ValidFrom,
    ValidUntil,
    PerMemberLimit,
    TotalQuantity,
    ClaimedCount,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Coupons {
    Table,
    Id,
    OfferId,
    MemberId,
    MerchantId,
    Code,
    Status,
    ClaimedAt,
    ExpiresAt,
    RedeemedAt,
    RedeemedBy,
}
