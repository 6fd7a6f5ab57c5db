//! The contact-frequency guard: timely but not harassing (seed 003). Before
//! an outbound contact (call, SMS, email) it says why it may be unwelcome:
//! no marketing consent, or already contacted too often in the window.
//! Individual contacts get a warning; bulk messages (marketing issue) must
//! skip customers with any reason.

use crate::entity::{customer, interaction};
use anju_types::InteractionKind;
use anju_types::customer::ContactWarning;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactPolicy {
    /// At most this many outbound contacts …
    pub max_outbound: u64,
    /// … within this window.
    pub window: Duration,
}

impl ContactPolicy {
    /// The policy as the administrator set it (settings), else the default.
    pub async fn load(db: &impl ConnectionTrait) -> Result<ContactPolicy, DbErr> {
        use crate::settings::{CONTACT_MAX_OUTBOUND, CONTACT_WINDOW_DAYS, get_int};
        Ok(ContactPolicy {
            max_outbound: get_int(db, CONTACT_MAX_OUTBOUND).await? as u64,
            window: Duration::days(get_int(db, CONTACT_WINDOW_DAYS).await?),
        })
    }
}

impl Default for ContactPolicy {
    fn default() -> Self {
        ContactPolicy {
            max_outbound: 2,
            window: Duration::days(7),
        }
    }
}

/// The reasons against contacting this customer now (empty: go ahead).
pub async fn check(
    db: &impl ConnectionTrait,
    customer_id: i64,
    policy: ContactPolicy,
    now: DateTime<Utc>,
) -> Result<Vec<ContactWarning>, DbErr> {
    let mut warnings = Vec::new();
    let consent = customer::Entity::find_by_id(customer_id)
        .one(db)
        .await?
        .is_some_and(|c| c.consent_marketing);
    if !consent {
        warnings.push(ContactWarning::NoMarketingConsent);
    }
    let outbound: Vec<&str> = InteractionKind::ALL
        .into_iter()
        .filter(|k| k.is_outbound())
        .map(|k| k.as_str())
        .collect();
    let recent = interaction::Entity::find()
        .filter(interaction::Column::CustomerId.eq(customer_id))
        .filter(interaction::Column::Kind.is_in(outbound))
        .filter(interaction::Column::OccurredAt.gt(now - policy.window))
        .count(db)
        .await?;
    if recent >= policy.max_outbound {
        warnings.push(ContactWarning::TooFrequent {
            recent,
            max: policy.max_outbound,
            window_days: policy.window.num_days(),
        });
    }
    Ok(warnings)
}
