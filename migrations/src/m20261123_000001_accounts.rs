//! Accounts: departments, partner merchants, the customer record a member
//! login belongs to, users with roles, sessions with rotating refresh tokens,
//! and the login throttle.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Departments::Table)
                .col(pk_auto(Departments::Id).big_integer())
                .col(string_len_uniq(Departments::Code, 32))
                .col(string_len(Departments::Name, 64))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Merchants::Table)
                .col(pk_auto(Merchants::Id).big_integer())
                .col(string_len(Merchants::Name, 128))
                .col(string_len(Merchants::Category, 32))
                .col(boolean(Merchants::Active).default(true))
                .col(timestamp_with_time_zone(Merchants::CreatedAt))
                .to_owned(),
        )
        .await?;

        // The customer ledger (issue 3) grows this table; the foundation needs
        // the person behind a member login.
        m.create_table(
            Table::create()
                .table(Customers::Table)
                .col(pk_auto(Customers::Id).big_integer())
                .col(string_len(Customers::Name, 64))
                .col(string_len_uniq(Customers::Mobile, 11))
                .col(string_len_null(Customers::Gender, 8))
                .col(timestamp_with_time_zone(Customers::CreatedAt))
                .col(timestamp_with_time_zone(Customers::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_customers_name")
                .table(Customers::Table)
                .col(Customers::Name)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Users::Table)
                .col(pk_auto(Users::Id).big_integer())
                .col(string_len(Users::Kind, 16))
                // staff/merchant: lower-case user name; member: the 11-digit mobile
                .col(string_len_uniq(Users::Login, 64))
                .col(string_len(Users::DisplayName, 64))
                .col(string_len(Users::PasswordHash, 255))
                .col(boolean(Users::Active).default(true))
                .col(string_len(Users::Lang, 8).default("zh"))
                .col(big_integer_null(Users::DepartmentId))
                .col(big_integer_null(Users::CustomerId))
                .col(big_integer_null(Users::MerchantId))
                .col(timestamp_with_time_zone(Users::CreatedAt))
                .col(timestamp_with_time_zone(Users::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::DepartmentId)
                        .to(Departments::Table, Departments::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::CustomerId)
                        .to(Customers::Table, Customers::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(Users::Table, Users::MerchantId)
                        .to(Merchants::Table, Merchants::Id),
                )
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UserRoles::Table)
                .col(big_integer(UserRoles::UserId))
                .col(string_len(UserRoles::Role, 32))
                .primary_key(Index::create().col(UserRoles::UserId).col(UserRoles::Role))
                .foreign_key(
                    ForeignKey::create()
                        .from(UserRoles::Table, UserRoles::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;

        // One row per login: the family all rotated refresh tokens belong to.
        m.create_table(
            Table::create()
                .table(AuthSessions::Table)
                .col(string_len(AuthSessions::Id, 36).primary_key())
                .col(big_integer(AuthSessions::UserId))
                .col(timestamp_with_time_zone(AuthSessions::CreatedAt))
                .col(timestamp_with_time_zone(AuthSessions::ExpiresAt))
                .col(timestamp_with_time_zone_null(AuthSessions::RevokedAt))
                .col(string_len_null(AuthSessions::RevokeReason, 32))
                .col(string_len_null(AuthSessions::UserAgent, 255))
                .col(string_len_null(AuthSessions::Ip, 64))
                .foreign_key(
                    ForeignKey::create()
                        .from(AuthSessions::Table, AuthSessions::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_auth_sessions_user")
                .table(AuthSessions::Table)
                .col(AuthSessions::UserId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(RefreshTokens::Table)
                .col(pk_auto(RefreshTokens::Id).big_integer())
                .col(string_len(RefreshTokens::SessionId, 36))
                // SHA-256 of the token, hex: the token itself is never stored
                .col(string_len_uniq(RefreshTokens::TokenHash, 64))
                .col(timestamp_with_time_zone(RefreshTokens::CreatedAt))
                .col(timestamp_with_time_zone(RefreshTokens::ExpiresAt))
                .col(timestamp_with_time_zone_null(RefreshTokens::UsedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(RefreshTokens::Table, RefreshTokens::SessionId)
                        .to(AuthSessions::Table, AuthSessions::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_refresh_tokens_session")
                .table(RefreshTokens::Table)
                .col(RefreshTokens::SessionId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(LoginThrottle::Table)
                .col(string_len(LoginThrottle::Key, 96).primary_key())
                .col(integer(LoginThrottle::Failures))
                .col(timestamp_with_time_zone(LoginThrottle::WindowStartedAt))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            LoginThrottle::Table.into_iden(),
            RefreshTokens::Table.into_iden(),
            AuthSessions::Table.into_iden(),
            UserRoles::Table.into_iden(),
            Users::Table.into_iden(),
            Customers::Table.into_iden(),
            Merchants::Table.into_iden(),
            Departments::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Departments {
    Table,
    Id,
    Code,
    Name,
}

#[derive(DeriveIden)]
enum Merchants {
    Table,
    Id,
    Name,
    Category,
    Active,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
    Name,
    Mobile,
    Gender,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Kind,
    Login,
    DisplayName,
    PasswordHash,
    Active,
    Lang,
    DepartmentId,
    CustomerId,
    MerchantId,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UserRoles {
    Table,
    UserId,
    Role,
}

#[derive(DeriveIden)]
enum AuthSessions {
    Table,
    Id,
    UserId,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokeReason,
    UserAgent,
    Ip,
}

#[derive(DeriveIden)]
enum RefreshTokens {
    Table,
    Id,
    SessionId,
    TokenHash,
    CreatedAt,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum LoginThrottle {
    Table,
    Key,
    Failures,
    WindowStartedAt,
}
