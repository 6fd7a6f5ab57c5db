//! sea-orm entities, one file per table. Services in the domain modules are
//! the only code that touches them; DTOs leave the domain, entities do not.

pub mod audit_log;
pub mod auth_session;
pub mod building;
pub mod customer;
pub mod customer_field_history;
pub mod customer_import;
pub mod customer_import_row;
pub mod customer_merge;
pub mod customer_tag;
pub mod deal;
pub mod deal_installment;
pub mod deal_payment;
pub mod department;
pub mod interaction;
pub mod kb_article;
pub mod login_throttle;
pub mod merchant;
pub mod notification;
pub mod opportunity;
pub mod opportunity_stage_change;
pub mod outbound_message;
pub mod outbox_event;
pub mod project;
pub mod refresh_token;
pub mod setting;
pub mod sla_policy;
pub mod ticket;
pub mod ticket_event;
pub mod ticket_photo;
pub mod ticket_sla_alert;
pub mod ticket_task;
pub mod unit;
pub mod user;
pub mod user_role;
