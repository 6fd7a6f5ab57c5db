//! Transactions (交易): a unit sold to a customer, from reservation (认购,
//! deposit) through contract (签约) and payments to handover (交房).

use crate::customer::StaffRef;
use crate::{Lang, Money};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DealStatus {
    Reserved,
    Contracted,
    Delivered,
    Cancelled,
}

impl DealStatus {
    pub const ALL: [DealStatus; 4] = [
        DealStatus::Reserved,
        DealStatus::Contracted,
        DealStatus::Delivered,
        DealStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Reserved => "reserved",
            DealStatus::Contracted => "contracted",
            DealStatus::Delivered => "delivered",
            DealStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<DealStatus> {
        DealStatus::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DealStatus::Reserved, Lang::Zh) => "已认购",
            (DealStatus::Reserved, Lang::En) => "Reserved",
            (DealStatus::Contracted, Lang::Zh) => "已签约",
            (DealStatus::Contracted, Lang::En) => "Contracted",
            (DealStatus::Delivered, Lang::Zh) => "已交房",
            (DealStatus::Delivered, Lang::En) => "Handed over",
            (DealStatus::Cancelled, Lang::Zh) => "已退认购",
            (DealStatus::Cancelled, Lang::En) => "Cancelled",
        }
    }
}

/// Whether the deal's discount needed, and got, a manager's approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DiscountApproval {
    /// Within the salesperson's own authority.
    NotNeeded,
    Pending,
    Approved,
    Rejected,
}

impl DiscountApproval {
    pub const ALL: [DiscountApproval; 4] = [
        DiscountApproval::NotNeeded,
        DiscountApproval::Pending,
        DiscountApproval::Approved,
        DiscountApproval::Rejected,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DiscountApproval::NotNeeded => "not_needed",
            DiscountApproval::Pending => "pending",
            DiscountApproval::Approved => "approved",
            DiscountApproval::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<DiscountApproval> {
        DiscountApproval::ALL.into_iter().find(|v| v.as_str() == s)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (DiscountApproval::NotNeeded, Lang::Zh) => "无需审批",
            (DiscountApproval::NotNeeded, Lang::En) => "No approval needed",
            (DiscountApproval::Pending, Lang::Zh) => "折扣待审批",
            (DiscountApproval::Pending, Lang::En) => "Discount awaiting approval",
            (DiscountApproval::Approved, Lang::Zh) => "折扣已批准",
            (DiscountApproval::Approved, Lang::En) => "Discount approved",
            (DiscountApproval::Rejected, Lang::Zh) => "折扣被驳回",
            (DiscountApproval::Rejected, Lang::En) => "Discount rejected",
        }
    }

    /// A contract may be signed only with these.
    pub fn allows_contract(self) -> bool {
        matches!(
            self,
            DiscountApproval::NotNeeded | DiscountApproval::Approved
        )
    }
}

/// The commercial terms given when reserving a unit, in yuan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct DealTerms {
    /// Discount off the list price, in yuan (`20000` or `20000.50`).
    pub discount: Option<String>,
    /// Deposit (定金) agreed at reservation, in yuan: the plan's first
    /// instalment (record it as a payment when it arrives).
    pub deposit: Option<String>,
}

/// One planned instalment (付款计划).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InstallmentView {
    pub seq: i32,
    /// 定金 / 首付款 / 尾款(按揭).
    pub label: String,
    pub due_on: NaiveDate,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Money,
}

/// A payment received (回款).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentView {
    pub id: i64,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub amount: Money,
    pub received_on: NaiveDate,
    /// `transfer`, `pos`, `cash`, `mortgage`.
    pub method: String,
    /// The receipt or bank reference; unique per deal, so a retried entry is
    /// recognised and not counted twice.
    pub reference: String,
    pub recorded_by: Option<StaffRef>,
}

/// A payment as typed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PaymentDraft {
    /// Yuan, up to two decimals.
    pub amount: String,
    /// `YYYY-MM-DD`.
    pub received_on: String,
    pub method: String,
    pub reference: String,
}

pub const PAYMENT_METHODS: [&str; 4] = ["transfer", "pos", "cash", "mortgage"];

pub fn payment_method_label(method: &str, lang: Lang) -> &'static str {
    match (method, lang) {
        ("transfer", Lang::Zh) => "银行转账",
        ("transfer", Lang::En) => "Bank transfer",
        ("pos", Lang::Zh) => "POS 刷卡",
        ("pos", Lang::En) => "Card (POS)",
        ("cash", Lang::Zh) => "现金",
        ("cash", Lang::En) => "Cash",
        ("mortgage", Lang::Zh) => "按揭放款",
        ("mortgage", Lang::En) => "Mortgage disbursement",
        (_, Lang::Zh) => "其他",
        (_, Lang::En) => "Other",
    }
}

/// A transaction as staff see it. Amounts in fen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DealView {
    pub id: i64,
    pub unit_id: i64,
    pub building_id: i64,
    /// `安居·滨江府 1栋 1203`.
    pub unit_label: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub sales: Option<StaffRef>,
    pub status: DealStatus,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub list_price: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub discount: Money,
    /// List price minus discount.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub price: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub deposit: Money,
    pub discount_approval: DiscountApproval,
    pub approved_by: Option<StaffRef>,
    pub approval_note: Option<String>,
    /// Sum of payments received.
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub paid: Money,
    pub installments: Vec<InstallmentView>,
    pub payments: Vec<PaymentView>,
    pub reserved_at: DateTime<Utc>,
    pub contracted_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// A discount waiting for a manager (in the work queue).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalItem {
    pub deal_id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub unit_label: String,
    pub sales_name: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub list_price: Money,
    #[cfg_attr(feature = "openapi", schema(value_type = i64))]
    pub discount: Money,
    /// Discount as a share of the list price, in basis points (1% = 100).
    pub discount_bp: i64,
    pub requested_at: DateTime<Utc>,
}

/// A manager's answer to a discount request.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ApprovalDecision {
    pub approve: bool,
    pub note: Option<String>,
}

/// A discount as a share of the list price, in basis points (1% = 100),
/// rounded down; 0 for a zero list price.
pub fn discount_bp(list: Money, discount: Money) -> i64 {
    (i128::from(discount.fen()) * 10_000)
        .checked_div(i128::from(list.fen()))
        .map_or(0, |bp| bp as i64)
}

/// Basis points (1/100 of a percent) shown as `3.25%`.
pub fn format_bp(bp: i64) -> String {
    format!("{}.{:02}%", bp / 100, (bp % 100).abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_settled_discounts_allow_a_contract() {
        assert!(DiscountApproval::NotNeeded.allows_contract());
        assert!(DiscountApproval::Approved.allows_contract());
        assert!(!DiscountApproval::Pending.allows_contract());
        assert!(!DiscountApproval::Rejected.allows_contract());
        assert_eq!(format_bp(325), "3.25%");
        assert_eq!(format_bp(300), "3.00%");
        assert_eq!(discount_bp(Money::from_yuan(200), Money::from_yuan(9)), 450);
        assert_eq!(discount_bp(Money::ZERO, Money::ZERO), 0);
    }
}
