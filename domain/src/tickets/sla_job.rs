//! The SLA job: for each open ticket whose warning point (80 %) or due time
//! has passed, one alert. The alert row's unique key (ticket, alert, due
//! time) makes it exactly once: when several instances run the job on one
//! database, only the one whose insert lands writes the timeline step and
//! the escalation. A pause moves the due times, so a reopened ticket gets
//! fresh alerts for its new deadlines.

use super::workflow::{Step, record};
use crate::DomainError;
use crate::db::begin_write;
use crate::entity::{ticket, ticket_sla_alert};
use crate::notifications;
use anju_types::{NotificationKind, TicketStatus};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

/// Alerts handled per run; the next run takes the rest.
const BATCH: u64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    FirstResponseWarning,
    FirstResponseBreach,
    ResolutionWarning,
    ResolutionBreach,
}

impl Alert {
    pub fn as_str(self) -> &'static str {
        match self {
            Alert::FirstResponseWarning => "first_response_warning",
            Alert::FirstResponseBreach => "first_response_breach",
            Alert::ResolutionWarning => "resolution_warning",
            Alert::ResolutionBreach => "resolution_breach",
        }
    }

    fn is_breach(self) -> bool {
        matches!(self, Alert::FirstResponseBreach | Alert::ResolutionBreach)
    }
}

/// The alerts due for `t` at `now`, each with the deadline it is about.
pub fn due_alerts(t: &ticket::Model, now: DateTime<Utc>) -> Vec<(Alert, DateTime<Utc>)> {
    let open = TicketStatus::parse(&t.status).is_some_and(TicketStatus::is_open);
    if !open || t.paused_at.is_some() {
        return Vec::new();
    }
    let mut out = Vec::new();
    if t.first_responded_at.is_none() {
        if t.first_response_warn_at <= now {
            out.push((Alert::FirstResponseWarning, t.first_response_due_at));
        }
        if t.first_response_due_at <= now {
            out.push((Alert::FirstResponseBreach, t.first_response_due_at));
        }
    }
    if t.resolution_warn_at <= now {
        out.push((Alert::ResolutionWarning, t.resolution_due_at));
    }
    if t.resolution_due_at <= now {
        out.push((Alert::ResolutionBreach, t.resolution_due_at));
    }
    out
}

/// Fires what is due; returns how many alerts this run fired.
pub async fn run(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<usize, DomainError> {
    let candidates = ticket::Entity::find()
        .filter(super::queue::warning_due(now))
        .order_by_asc(ticket::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut fired = 0;
    for t in candidates {
        for (alert, due_at) in due_alerts(&t, now) {
            let tx = begin_write(db).await?;
            let inserted = ticket_sla_alert::Entity::insert(ticket_sla_alert::ActiveModel {
                ticket_id: Set(t.id),
                alert: Set(alert.as_str().to_owned()),
                due_at: Set(due_at),
                fired_at: Set(now),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([
                    ticket_sla_alert::Column::TicketId,
                    ticket_sla_alert::Column::Alert,
                    ticket_sla_alert::Column::DueAt,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&tx)
            .await?;
            if inserted == 0 {
                // Already fired, here or by another instance.
                continue;
            }
            record(
                &tx,
                &t,
                Step {
                    kind: if alert.is_breach() {
                        "sla_breach"
                    } else {
                        "sla_warning"
                    },
                    public: false,
                    note: Some(alert.as_str().to_owned()),
                    department_id: None,
                    actor_user_id: None,
                },
                now,
            )
            .await?;
            let kind = if alert.is_breach() {
                NotificationKind::SlaBreach
            } else {
                NotificationKind::SlaWarning
            };
            let recipients = super::queue::responsible_users(&tx, &t).await?;
            notifications::notify(&tx, recipients, kind, Some(t.id), alert.as_str(), now).await?;
            tx.commit().await?;
            fired += 1;
        }
    }
    Ok(fired)
}
