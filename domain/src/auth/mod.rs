//! Authentication (who is this?) and authorization (may they?).

pub mod actor;
pub mod jwt;
pub mod password;
pub mod policy;
pub mod session;
pub mod throttle;

pub use actor::Actor;
pub use policy::{can, permissions_of, require};
pub use session::IssuedTokens;
pub use throttle::ThrottlePolicy;

use chrono::Duration;

/// Token lifetimes and the login throttle.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// At most 15 minutes: an access token cannot be revoked before it expires
    /// except by the per-request session check.
    pub access_ttl: Duration,
    pub refresh_ttl: Duration,
    pub throttle: ThrottlePolicy,
}

impl Default for AuthSettings {
    fn default() -> Self {
        AuthSettings {
            access_ttl: Duration::minutes(15),
            refresh_ttl: Duration::days(30),
            throttle: ThrottlePolicy::default(),
        }
    }
}

impl AuthSettings {
    pub const MAX_ACCESS_TTL_MINUTES: i64 = 15;
}
