//! The member home's tiles in one answer: what the member sees first.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberHome {
    /// `None` for a homeowner who has not joined the club.
    pub points_balance: Option<i64>,
    /// Requests not closed yet (revisited ones count as closed).
    pub open_tickets: u64,
    /// Invitations to open surveys not answered yet.
    pub surveys_to_answer: u64,
}
