//! Run-time settings as an administrator sees them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SettingView {
    pub key: String,
    pub value: i64,
    pub default: i64,
    pub min: i64,
    pub max: i64,
}
