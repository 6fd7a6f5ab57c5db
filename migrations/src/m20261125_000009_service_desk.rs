//! The service desk: tickets with their public/internal timeline, sub-tasks
//! per handling department, SLA policies and the alerts fired against them
//! (one row per alert: the unique key is what makes the SLA job run exactly
//! once per due event, even with several instances on one database).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Tickets::Table)
                .col(pk_auto(Tickets::Id).big_integer())
                .col(big_integer(Tickets::CustomerId))
                .col(big_integer_null(Tickets::UnitId))
                .col(string_len(Tickets::Kind, 16))
                .col(string_len(Tickets::Category, 48))
                .col(string_len(Tickets::Title, 120))
                .col(text(Tickets::Description))
                .col(string_len(Tickets::Channel, 16))
                .col(string_len(Tickets::Priority, 8))
                .col(string_len(Tickets::Status, 24))
                .col(big_integer_null(Tickets::AgentUserId))
                .col(big_integer_null(Tickets::CreatedBy))
                // 设计 / 工程 / 物业 product-defect feedback.
                .col(string_len_null(Tickets::DefectTag, 16))
                // Due times and their 80 % warning points, moved back by pauses.
                .col(timestamp_with_time_zone(Tickets::FirstResponseWarnAt))
                .col(timestamp_with_time_zone(Tickets::FirstResponseDueAt))
                .col(timestamp_with_time_zone(Tickets::ResolutionWarnAt))
                .col(timestamp_with_time_zone(Tickets::ResolutionDueAt))
                .col(boolean(Tickets::BusinessHours).default(false))
                .col(timestamp_with_time_zone_null(Tickets::FirstRespondedAt))
                .col(timestamp_with_time_zone_null(Tickets::ResolvedAt))
                .col(timestamp_with_time_zone_null(Tickets::ClosedAt))
                // While awaiting the customer the SLA clock stops.
                .col(timestamp_with_time_zone_null(Tickets::PausedAt))
                .col(integer_null(Tickets::Rating))
                .col(text_null(Tickets::RevisitComment))
                .col(timestamp_with_time_zone_null(Tickets::RevisitedAt))
                .col(integer(Tickets::ReopenCount).default(0))
                .col(timestamp_with_time_zone(Tickets::CreatedAt))
                .col(timestamp_with_time_zone(Tickets::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Tickets::Table, Tickets::CustomerId)
                        .to(Customers::Table, Customers::Id),
                )
                .to_owned(),
        )
        .await?;
        for (name, cols) in [
            (
                "idx_tickets_customer",
                vec![Tickets::CustomerId, Tickets::Id],
            ),
            ("idx_tickets_status", vec![Tickets::Status, Tickets::Id]),
            (
                "idx_tickets_agent_status",
                vec![Tickets::AgentUserId, Tickets::Status],
            ),
        ] {
            let mut index = Index::create();
            index.name(name).table(Tickets::Table);
            for c in cols {
                index.col(c);
            }
            m.create_index(index.to_owned()).await?;
        }

        m.create_table(
            Table::create()
                .table(TicketTasks::Table)
                .col(pk_auto(TicketTasks::Id).big_integer())
                .col(big_integer(TicketTasks::TicketId))
                .col(big_integer(TicketTasks::DepartmentId))
                .col(string_len(TicketTasks::Status, 16))
                .col(big_integer_null(TicketTasks::HandlerUserId))
                .col(text_null(TicketTasks::Instructions))
                .col(text_null(TicketTasks::Result))
                .col(timestamp_with_time_zone(TicketTasks::DispatchedAt))
                .col(timestamp_with_time_zone_null(TicketTasks::AcceptedAt))
                .col(timestamp_with_time_zone_null(TicketTasks::DoneAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(TicketTasks::Table, TicketTasks::TicketId)
                        .to(Tickets::Table, Tickets::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(TicketTasks::Table, TicketTasks::DepartmentId)
                        .to(Departments::Table, Departments::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_tasks_department")
                .table(TicketTasks::Table)
                .col(TicketTasks::DepartmentId)
                .col(TicketTasks::Status)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_tasks_ticket")
                .table(TicketTasks::Table)
                .col(TicketTasks::TicketId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TicketEvents::Table)
                .col(pk_auto(TicketEvents::Id).big_integer())
                .col(big_integer(TicketEvents::TicketId))
                .col(string_len(TicketEvents::Kind, 24))
                // Internal notes never reach the member's timeline.
                .col(boolean(TicketEvents::Public))
                .col(text_null(TicketEvents::Note))
                .col(big_integer_null(TicketEvents::DepartmentId))
                .col(big_integer_null(TicketEvents::ActorUserId))
                .col(timestamp_with_time_zone(TicketEvents::At))
                .foreign_key(
                    ForeignKey::create()
                        .from(TicketEvents::Table, TicketEvents::TicketId)
                        .to(Tickets::Table, Tickets::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_events_ticket")
                .table(TicketEvents::Table)
                .col(TicketEvents::TicketId)
                .col(TicketEvents::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SlaPolicies::Table)
                .col(pk_auto(SlaPolicies::Id).big_integer())
                .col(string_len(SlaPolicies::Kind, 16))
                .col(string_len(SlaPolicies::Priority, 8))
                .col(integer(SlaPolicies::FirstResponseMinutes))
                .col(integer(SlaPolicies::ResolutionMinutes))
                // Count only business hours (09:00–18:00 Beijing, Mon–Fri).
                .col(boolean(SlaPolicies::BusinessHours).default(false))
                .col(timestamp_with_time_zone(SlaPolicies::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_sla_policies_kind_priority")
                .table(SlaPolicies::Table)
                .col(SlaPolicies::Kind)
                .col(SlaPolicies::Priority)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(TicketSlaAlerts::Table)
                .col(pk_auto(TicketSlaAlerts::Id).big_integer())
                .col(big_integer(TicketSlaAlerts::TicketId))
                // first_response_warning, first_response_breach, resolution_…
                .col(string_len(TicketSlaAlerts::Alert, 32))
                .col(timestamp_with_time_zone(TicketSlaAlerts::DueAt))
                .col(timestamp_with_time_zone(TicketSlaAlerts::FiredAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(TicketSlaAlerts::Table, TicketSlaAlerts::TicketId)
                        .to(Tickets::Table, Tickets::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_ticket_sla_alerts_once")
                .table(TicketSlaAlerts::Table)
                .col(TicketSlaAlerts::TicketId)
                .col(TicketSlaAlerts::Alert)
                .col(TicketSlaAlerts::DueAt)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            TicketSlaAlerts::Table.into_iden(),
            SlaPolicies::Table.into_iden(),
            TicketEvents::Table.into_iden(),
            TicketTasks::Table.into_iden(),
            Tickets::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
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
enum Departments {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    CustomerId,
    UnitId,
    Kind,
    Category,
    Title,
    Description,
    Channel,
    Priority,
    Status,
    AgentUserId,
    CreatedBy,
    DefectTag,
    FirstResponseWarnAt,
    FirstResponseDueAt,
    ResolutionWarnAt,
    ResolutionDueAt,
    BusinessHours,
    FirstRespondedAt,
    ResolvedAt,
    ClosedAt,
    PausedAt,
    Rating,
    RevisitComment,
    RevisitedAt,
    ReopenCount,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TicketTasks {
    Table,
    Id,
    TicketId,
    DepartmentId,
    Status,
    HandlerUserId,
    Instructions,
    Result,
    DispatchedAt,
    AcceptedAt,
    DoneAt,
}

#[derive(DeriveIden)]
enum TicketEvents {
    Table,
    Id,
    TicketId,
    Kind,
    Public,
    Note,
    DepartmentId,
    ActorUserId,
    At,
}

#[derive(DeriveIden)]
enum SlaPolicies {
    Table,
    Id,
    Kind,
    Priority,
    FirstResponseMinutes,
    ResolutionMinutes,
    BusinessHours,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TicketSlaAlerts {
    Table,
    Id,
    TicketId,
    Alert,
    DueAt,
    FiredAt,
}
