use anju_types::{AccountKind, Lang, Role, SessionUser};

/// The authenticated user behind a request, as loaded from the database for
/// this request (not trusted from the token): roles, status and session are
/// current.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub user_id: i64,
    pub session_id: String,
    pub kind: AccountKind,
    pub login: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub lang: Lang,
    pub customer_id: Option<i64>,
    pub merchant_id: Option<i64>,
    pub department_id: Option<i64>,
}

impl Actor {
    pub fn session_user(&self) -> SessionUser {
        SessionUser {
            display_name: self.display_name.clone(),
            kind: self.kind,
            roles: self.roles.clone(),
            permissions: super::permissions_of(&self.roles),
            lang: self.lang,
        }
    }
}
