//! The customer ledger (客户台账): one record per person, unique by mobile
//! number (and ID number when given), with record-level access, key-field
//! history and interactions.

pub mod interactions;
pub mod scope;
pub mod service;

pub use scope::Scope;
pub use service::{
    CustomerDraft, CustomerPage, CustomerRow, CustomerView, FieldChange, SearchQuery, create, get,
    history, search, update,
};
