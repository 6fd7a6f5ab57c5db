//! The customer ledger (客户台账): one record per person, unique by mobile
//! number (and ID number when given), with record-level access, key-field
//! history and interactions.

pub mod contact_guard;
pub mod export;
pub mod import;
pub mod initials;
pub mod interactions;
pub mod merge;
pub mod reassign;
pub mod scope;
pub mod service;
pub mod work_queue;

pub use anju_types::customer::{
    ContactWarning, CustomerDraft, CustomerKinds, CustomerPage, CustomerRow, CustomerView,
    FieldChange, InteractionDraft, InteractionView, LoggedInteraction, StaffRef,
};
pub use scope::Scope;
pub use service::{SearchQuery, create, get, history, register, search, update};
