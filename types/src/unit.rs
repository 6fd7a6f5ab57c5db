use crate::{Area, Lang, Money};
use serde::{Deserialize, Serialize};

/// 待售 → 已预留 → 已认购 → 已签约 → 已交付.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    Available,
    Held,
    Reserved,
    Contracted,
    Delivered,
}

impl UnitStatus {
    pub const ALL: [UnitStatus; 5] = [
        UnitStatus::Available,
        UnitStatus::Held,
        UnitStatus::Reserved,
        UnitStatus::Contracted,
        UnitStatus::Delivered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Available => "available",
            UnitStatus::Held => "held",
            UnitStatus::Reserved => "reserved",
            UnitStatus::Contracted => "contracted",
            UnitStatus::Delivered => "delivered",
        }
    }

    pub fn parse(s: &str) -> Option<UnitStatus> {
        UnitStatus::ALL.into_iter().find(|u| u.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (UnitStatus::Available, Lang::Zh) => "待售",
            (UnitStatus::Available, Lang::En) => "Available",
            (UnitStatus::Held, Lang::Zh) => "已预留",
            (UnitStatus::Held, Lang::En) => "Held",
            (UnitStatus::Reserved, Lang::Zh) => "已认购",
            (UnitStatus::Reserved, Lang::En) => "Reserved",
            (UnitStatus::Contracted, Lang::Zh) => "已签约",
            (UnitStatus::Contracted, Lang::En) => "Contracted",
            (UnitStatus::Delivered, Lang::Zh) => "已交付",
            (UnitStatus::Delivered, Lang::En) => "Delivered",
        }
    }

    /// A unit in these states belongs to a buyer: its customer is an owner.
    pub fn is_sold(self) -> bool {
        matches!(self, UnitStatus::Contracted | UnitStatus::Delivered)
    }
}

/// What a salesperson does to a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitAction {
    /// Keep it for a customer for a while (available → held).
    Hold,
    /// Give a hold back (held → available).
    Release,
    /// 认购 with a deposit (available/held → reserved).
    Reserve,
    /// 签约 (reserved → contracted).
    Contract,
    /// 交房 (contracted → delivered).
    Deliver,
    /// Cancel a reservation (reserved → available).
    Cancel,
}

impl UnitAction {
    pub const ALL: [UnitAction; 6] = [
        UnitAction::Hold,
        UnitAction::Release,
        UnitAction::Reserve,
        UnitAction::Contract,
        UnitAction::Deliver,
        UnitAction::Cancel,
    ];

    pub fn parse(s: &str) -> Option<UnitAction> {
        UnitAction::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            UnitAction::Hold => "hold",
            UnitAction::Release => "release",
            UnitAction::Reserve => "reserve",
            UnitAction::Contract => "contract",
            UnitAction::Deliver => "deliver",
            UnitAction::Cancel => "cancel",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (UnitAction::Hold, Lang::Zh) => "预留",
            (UnitAction::Hold, Lang::En) => "Hold",
            (UnitAction::Release, Lang::Zh) => "取消预留",
            (UnitAction::Release, Lang::En) => "Release",
            (UnitAction::Reserve, Lang::Zh) => "认购",
            (UnitAction::Reserve, Lang::En) => "Reserve",
            (UnitAction::Contract, Lang::Zh) => "签约",
            (UnitAction::Contract, Lang::En) => "Contract",
            (UnitAction::Deliver, Lang::Zh) => "交房",
            (UnitAction::Deliver, Lang::En) => "Deliver",
            (UnitAction::Cancel, Lang::Zh) => "退认购",
            (UnitAction::Cancel, Lang::En) => "Cancel reservation",
        }
    }

    /// The states the action starts from, and where it leads.
    pub fn transition(self) -> (&'static [UnitStatus], UnitStatus) {
        use UnitStatus as S;
        match self {
            UnitAction::Hold => (&[S::Available], S::Held),
            UnitAction::Release => (&[S::Held], S::Available),
            UnitAction::Reserve => (&[S::Available, S::Held], S::Reserved),
            UnitAction::Contract => (&[S::Reserved], S::Contracted),
            UnitAction::Deliver => (&[S::Contracted], S::Delivered),
            UnitAction::Cancel => (&[S::Reserved], S::Available),
        }
    }

    /// What a viewer who may sell units may do: anything the state allows
    /// on an available unit; on one held for or sold to a customer, only
    /// when that customer is in their scope.
    pub fn allowed(status: UnitStatus, customer_in_scope: bool) -> Vec<UnitAction> {
        if status == UnitStatus::Available || customer_in_scope {
            UnitAction::from_status(status)
        } else {
            Vec::new()
        }
    }

    /// The actions possible from a state.
    pub fn from_status(status: UnitStatus) -> Vec<UnitAction> {
        UnitAction::ALL
            .into_iter()
            .filter(|a| a.transition().0.contains(&status))
            .collect()
    }
}

/// One cell of the sales-control grid (销控表).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitCell {
    pub id: i64,
    pub floor: i32,
    pub number: String,
    pub layout: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub area: Area,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub list_price: Money,
    pub status: UnitStatus,
    /// The buyer or holder, when the viewer may see that customer.
    pub customer_name: Option<String>,
    /// What this viewer may do to the unit now: a unit held for, or sold
    /// to, a customer outside their scope shows its status and nothing else.
    #[serde(default)]
    pub actions: Vec<UnitAction>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FloorRow {
    pub floor: i32,
    pub units: Vec<UnitCell>,
}

/// A building's 销控表: floors from the top down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuildingGrid {
    pub building_id: i64,
    pub project_name: String,
    pub building_name: String,
    pub floors: Vec<FloorRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BuildingRef {
    pub id: i64,
    pub project_name: String,
    pub name: String,
    pub units: u64,
    pub available: u64,
}

/// One position on a floor: its layout and area (m², up to two decimals).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitType {
    pub layout: String,
    /// `89.50`
    pub area: String,
}

/// A new building laid out as floors × units per floor (批量生成房源).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct BuildingPlan {
    pub project_id: i64,
    /// `3栋`
    pub name: String,
    pub floors: i32,
    pub units_per_floor: i32,
    /// One per position on a floor (01, 02 …), or one for all.
    pub unit_types: Vec<UnitType>,
    /// List price per m² in yuan on the ground floor.
    pub price_per_m2: String,
    /// Extra per floor up, in basis points (50 = 0.5%); default 50.
    pub floor_premium_bp: Option<i32>,
}

/// A new project (楼盘).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ProjectDraft {
    /// Short code, letters and digits: `BJF`.
    pub code: String,
    pub name: String,
    pub city: String,
    pub district: String,
    /// `draft` (default: members do not see it yet), `presale` or `selling`.
    pub status: Option<String>,
}

/// Whether members see a project: 未发布 drafts are staff-only while the
/// inventory is laid out; 预售 and 在售 are published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Draft,
    Presale,
    Selling,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 3] = [
        ProjectStatus::Draft,
        ProjectStatus::Presale,
        ProjectStatus::Selling,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Draft => "draft",
            ProjectStatus::Presale => "presale",
            ProjectStatus::Selling => "selling",
        }
    }

    pub fn parse(s: &str) -> Option<ProjectStatus> {
        ProjectStatus::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn is_published(self) -> bool {
        self != ProjectStatus::Draft
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (ProjectStatus::Draft, Lang::Zh) => "未发布",
            (ProjectStatus::Draft, Lang::En) => "Not published",
            (ProjectStatus::Presale, Lang::Zh) => "预售",
            (ProjectStatus::Presale, Lang::En) => "Pre-sale",
            (ProjectStatus::Selling, Lang::Zh) => "在售",
            (ProjectStatus::Selling, Lang::En) => "On sale",
        }
    }
}

/// A published project as members see it (楼盘).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingProject {
    pub id: i64,
    pub name: String,
    pub city: String,
    pub district: String,
    pub status: ProjectStatus,
    pub buildings: Vec<ListingBuilding>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingBuilding {
    pub id: i64,
    pub name: String,
    pub units: u64,
    pub for_sale: u64,
}

/// One unit as members see it: for sale or not, never who bought it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingUnit {
    pub number: String,
    pub layout: String,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub area: Area,
    /// The published price (一房一价), only while the unit is for sale.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i64>))]
    pub list_price: Option<Money>,
    pub for_sale: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingFloor {
    pub floor: i32,
    pub units: Vec<ListingUnit>,
}

/// A published building's floors from the top down.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ListingGrid {
    pub project_name: String,
    pub building_name: String,
    pub floors: Vec<ListingFloor>,
}
