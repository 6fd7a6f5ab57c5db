//! The club, third part: members' events (会员活动) with registrations and a
//! waitlist, referrals (老带新) of friends by members, and projects' news
//! that members read before the public does; and an index for purging
//! old idempotency keys.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ClubEvents::Table)
                .col(pk_auto(ClubEvents::Id).big_integer())
                .col(string_len(ClubEvents::Title, 80))
                .col(text(ClubEvents::Description))
                .col(string_len(ClubEvents::Location, 120))
                .col(big_integer_null(ClubEvents::ProjectId))
                .col(timestamp_with_time_zone(ClubEvents::StartsAt))
                .col(timestamp_with_time_zone(ClubEvents::EndsAt))
                .col(integer(ClubEvents::Capacity))
                // Seats taken (registered or attended); the waitlist is not
                // counted. Kept in the same transaction as the rows.
                .col(integer(ClubEvents::SeatsTaken).default(0).check(
                    Expr::col(ClubEvents::SeatsTaken).gte(0).and(
                        Expr::col(ClubEvents::SeatsTaken).lte(Expr::col(ClubEvents::Capacity)),
                    ),
                ))
                // Attendance points; null means the club's default rule.
                .col(integer_null(ClubEvents::Points))
                .col(boolean(ClubEvents::Active).default(true))
                .col(timestamp_with_time_zone(ClubEvents::CreatedAt))
                .col(timestamp_with_time_zone(ClubEvents::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ClubEvents::Table, ClubEvents::ProjectId)
                        .to(Projects::Table, Projects::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_club_events_starts")
                .table(ClubEvents::Table)
                .col(ClubEvents::StartsAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(EventRegistrations::Table)
                .col(pk_auto(EventRegistrations::Id).big_integer())
                .col(big_integer(EventRegistrations::EventId))
                .col(big_integer(EventRegistrations::MemberId))
                // registered, waitlisted, cancelled, attended.
                .col(string_len(EventRegistrations::Status, 12))
                // The waitlist is served in this order; a member who signs
                // up again after cancelling goes to the back.
                .col(timestamp_with_time_zone(EventRegistrations::QueuedAt))
                .col(timestamp_with_time_zone_null(
                    EventRegistrations::CheckedInAt,
                ))
                .col(big_integer_null(EventRegistrations::CheckedInBy))
                .col(timestamp_with_time_zone(EventRegistrations::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(EventRegistrations::Table, EventRegistrations::EventId)
                        .to(ClubEvents::Table, ClubEvents::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(EventRegistrations::Table, EventRegistrations::MemberId)
                        .to(Members::Table, Members::Id),
                )
                .to_owned(),
        )
        .await?;
        // One row per member and event: signing up again reuses it.
        m.create_index(
            Index::create()
                .name("idx_event_registrations_member")
                .table(EventRegistrations::Table)
                .col(EventRegistrations::EventId)
                .col(EventRegistrations::MemberId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_event_registrations_queue")
                .table(EventRegistrations::Table)
                .col(EventRegistrations::EventId)
                .col(EventRegistrations::Status)
                .col(EventRegistrations::QueuedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Referrals::Table)
                .col(pk_auto(Referrals::Id).big_integer())
                .col(big_integer(Referrals::ReferrerMemberId))
                // The friend, a new customer (lead) attributed to the referrer.
                .col(big_integer_uniq(Referrals::CustomerId))
                .col(big_integer_null(Referrals::ProjectId))
                // submitted → won (the friend's contract was signed).
                .col(string_len(Referrals::Status, 12))
                .col(big_integer_null(Referrals::DealId))
                .col(big_integer_null(Referrals::RewardPoints))
                .col(timestamp_with_time_zone(Referrals::CreatedAt))
                .col(timestamp_with_time_zone(Referrals::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Referrals::Table, Referrals::ReferrerMemberId)
                        .to(Members::Table, Members::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Referrals::Table, Referrals::CustomerId)
                        .to(Customers::Table, Customers::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_referrals_referrer")
                .table(Referrals::Table)
                .col(Referrals::ReferrerMemberId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ProjectNews::Table)
                .col(pk_auto(ProjectNews::Id).big_integer())
                .col(big_integer(ProjectNews::ProjectId))
                .col(string_len(ProjectNews::Title, 80))
                .col(text(ProjectNews::Body))
                // Members read it from here on …
                .col(timestamp_with_time_zone(ProjectNews::MembersFrom))
                // … everyone else from the public launch (never if null).
                .col(timestamp_with_time_zone_null(ProjectNews::PublicFrom))
                .col(big_integer(ProjectNews::AuthorUserId))
                .col(timestamp_with_time_zone(ProjectNews::CreatedAt))
                .col(timestamp_with_time_zone(ProjectNews::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(ProjectNews::Table, ProjectNews::ProjectId)
                        .to(Projects::Table, Projects::Id),
                )
                .to_owned(),
        )
        .await?;
        // The purge job deletes keys older than a week by this.
        m.create_index(
            Index::create()
                .name("idx_idempotency_keys_created")
                .table(IdempotencyKeys::Table)
                .col(IdempotencyKeys::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_project_news_members_from")
                .table(ProjectNews::Table)
                .col(ProjectNews::MembersFrom)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_idempotency_keys_created")
                .table(IdempotencyKeys::Table)
                .to_owned(),
        )
        .await?;
        for table in [
            ProjectNews::Table.into_iden(),
            Referrals::Table.into_iden(),
            EventRegistrations::Table.into_iden(),
            ClubEvents::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
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
}

#[derive(DeriveIden)]
enum ClubEvents {
    Table,
    Id,
    Title,
    Description,
    Location,
    ProjectId,
    StartsAt,
    EndsAt,
    Capacity,
    SeatsTaken,
    Points,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum EventRegistrations {
    Table,
    Id,
    EventId,
    MemberId,
    Status,
    QueuedAt,
    CheckedInAt,
    CheckedInBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Referrals {
    Table,
    Id,
    ReferrerMemberId,
    CustomerId,
    ProjectId,
    Status,
    DealId,
    RewardPoints,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProjectNews {
    Table,
    Id,
    ProjectId,
    Title,
    Body,
    MembersFrom,
    PublicFrom,
    AuthorUserId,
    CreatedAt,
    UpdatedAt,
}
