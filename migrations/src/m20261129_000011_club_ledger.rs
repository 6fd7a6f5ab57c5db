//! The club (客户会), first part: memberships, the append-only points
//! ledger with its open lots (unspent points, oldest first), the
//! idempotency keys every mutating call may carry, and the rewards
//! catalogue with its redemptions.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Members::Table)
                .col(pk_auto(Members::Id).big_integer())
                .col(big_integer_uniq(Members::CustomerId))
                .col(string_len_uniq(Members::MemberNo, 16))
                // basic (普卡), silver, gold, diamond.
                .col(string_len(Members::Tier, 12))
                // The sum of the ledger, kept in the same transaction as
                // every entry so it reads in O(1); never negative.
                .col(
                    big_integer(Members::PointsBalance)
                        .default(0)
                        .check(Expr::col(Members::PointsBalance).gte(0)),
                )
                // Every point ever earned (tiers follow it, redemptions do
                // not lower it).
                .col(big_integer(Members::PointsEarned).default(0))
                .col(big_integer_null(Members::ReferredByMemberId))
                // Enrolment asks for the year only (members are 18+).
                .col(integer_null(Members::BirthYear))
                .col(timestamp_with_time_zone(Members::EnrolledAt))
                .col(timestamp_with_time_zone(Members::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Members::Table, Members::CustomerId)
                        .to(Customers::Table, Customers::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(PointsEntries::Table)
                .col(pk_auto(PointsEntries::Id).big_integer())
                .col(big_integer(PointsEntries::MemberId))
                // earn, redeem, expire, adjust, reverse.
                .col(string_len(PointsEntries::Kind, 8))
                // Signed: + adds to the balance, − takes from it.
                .col(big_integer(PointsEntries::Points))
                // enrolment, purchase, referral, event, survey, reward, manual, expiry.
                .col(string_len(PointsEntries::Reason, 16))
                // What caused it, for people: a reward's or event's name.
                .col(string_len_null(PointsEntries::Source, 120))
                // The club manager's reason for a manual adjustment.
                .col(text_null(PointsEntries::Note))
                // Makes a cause count once per member ("enrolment",
                // "deal:12", "expire:lot:7" …), whoever retries it.
                .col(string_len_null(PointsEntries::DedupeKey, 96))
                .col(big_integer_null(PointsEntries::ReversesEntryId))
                .col(big_integer_null(PointsEntries::ActorUserId))
                // For entries that add points: when they lapse.
                .col(timestamp_with_time_zone_null(PointsEntries::ExpiresAt))
                .col(timestamp_with_time_zone(PointsEntries::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PointsEntries::Table, PointsEntries::MemberId)
                        .to(Members::Table, Members::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_points_entries_member")
                .table(PointsEntries::Table)
                .col(PointsEntries::MemberId)
                .col(PointsEntries::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_points_entries_dedupe")
                .table(PointsEntries::Table)
                .col(PointsEntries::MemberId)
                .col(PointsEntries::DedupeKey)
                .unique()
                .to_owned(),
        )
        .await?;

        // Unspent points of each adding entry; a lot is deleted when it is
        // used up or lapses, so the table holds only what can still be spent.
        m.create_table(
            Table::create()
                .table(PointsLots::Table)
                .col(pk_auto(PointsLots::Id).big_integer())
                .col(big_integer(PointsLots::MemberId))
                .col(big_integer_uniq(PointsLots::EntryId))
                .col(
                    big_integer(PointsLots::Remaining)
                        .check(Expr::col(PointsLots::Remaining).gt(0)),
                )
                .col(timestamp_with_time_zone(PointsLots::ExpiresAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(PointsLots::Table, PointsLots::MemberId)
                        .to(Members::Table, Members::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(PointsLots::Table, PointsLots::EntryId)
                        .to(PointsEntries::Table, PointsEntries::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_points_lots_member_expiry")
                .table(PointsLots::Table)
                .col(PointsLots::MemberId)
                .col(PointsLots::ExpiresAt)
                .col(PointsLots::Id)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_points_lots_expiry")
                .table(PointsLots::Table)
                .col(PointsLots::ExpiresAt)
                .to_owned(),
        )
        .await?;

        // A mutating call's Idempotency-Key: the first result, replayed for
        // a retry with the same key and the same request.
        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(pk_auto(IdempotencyKeys::Id).big_integer())
                // The caller (0 for anonymous calls such as enrolment).
                .col(big_integer(IdempotencyKeys::UserId))
                .col(string_len(IdempotencyKeys::Key, 128))
                // SHA-256 of the operation and its parameters.
                .col(string_len(IdempotencyKeys::RequestHash, 64))
                .col(text(IdempotencyKeys::Response))
                .col(timestamp_with_time_zone(IdempotencyKeys::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_idempotency_keys_user_key")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::UserId)
                .col(IdempotencyKeys::Key)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Rewards::Table)
                .col(pk_auto(Rewards::Id).big_integer())
                .col(string_len(Rewards::Name, 80))
                .col(text(Rewards::Description))
                .col(big_integer(Rewards::PointsCost))
                .col(big_integer(Rewards::Stock).check(Expr::col(Rewards::Stock).gte(0)))
                .col(boolean(Rewards::Active).default(true))
                .col(timestamp_with_time_zone(Rewards::CreatedAt))
                .col(timestamp_with_time_zone(Rewards::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RewardRedemptions::Table)
                .col(pk_auto(RewardRedemptions::Id).big_integer())
                .col(big_integer(RewardRedemptions::RewardId))
                .col(big_integer(RewardRedemptions::MemberId))
                .col(big_integer(RewardRedemptions::Points))
                .col(big_integer(RewardRedemptions::EntryId))
                // placed → fulfilled, or cancelled (points and stock back).
                .col(string_len(RewardRedemptions::Status, 12))
                .col(timestamp_with_time_zone(RewardRedemptions::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RewardRedemptions::Table, RewardRedemptions::RewardId)
                        .to(Rewards::Table, Rewards::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(RewardRedemptions::Table, RewardRedemptions::MemberId)
                        .to(Members::Table, Members::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_reward_redemptions_member")
                .table(RewardRedemptions::Table)
                .col(RewardRedemptions::MemberId)
                .col(RewardRedemptions::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RewardRedemptions::Table.into_iden(),
            Rewards::Table.into_iden(),
            IdempotencyKeys::Table.into_iden(),
            PointsLots::Table.into_iden(),
            PointsEntries::Table.into_iden(),
            Members::Table.into_iden(),
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
enum Members {
    Table,
    Id,
    CustomerId,
    MemberNo,
    Tier,
    PointsBalance,
    PointsEarned,
    ReferredByMemberId,
    BirthYear,
    EnrolledAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum PointsEntries {
    Table,
    Id,
    MemberId,
    Kind,
    Points,
    Reason,
    Source,
    Note,
    DedupeKey,
    ReversesEntryId,
    ActorUserId,
    ExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum PointsLots {
    Table,
    Id,
    MemberId,
    EntryId,
    Remaining,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Id,
    UserId,
    Key,
    RequestHash,
    Response,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Rewards {
    Table,
    Id,
    Name,
    Description,
    PointsCost,
    Stock,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RewardRedemptions {
    Table,
    Id,
    RewardId,
    MemberId,
    Points,
    EntryId,
    Status,
    CreatedAt,
}
