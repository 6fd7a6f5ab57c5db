//! Surveys: questionnaires with their questions, the invitations members
//! answer (from a segment send or a closed ticket), and the answers.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Surveys::Table)
                .col(pk_auto(Surveys::Id).big_integer())
                .col(string_len(Surveys::Title, 80))
                .col(text(Surveys::Intro))
                .col(string_len(Surveys::Status, 10))
                .col(boolean(Surveys::ForTicketRevisits))
                .col(big_integer(Surveys::CreatedBy))
                .col(timestamp_with_time_zone(Surveys::CreatedAt))
                .col(timestamp_with_time_zone(Surveys::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Surveys::Table, Surveys::CreatedBy)
                        .to(Users::Table, Users::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyQuestions::Table)
                .col(pk_auto(SurveyQuestions::Id).big_integer())
                .col(big_integer(SurveyQuestions::SurveyId))
                .col(integer(SurveyQuestions::Position))
                .col(string_len(SurveyQuestions::Prompt, 200))
                .col(string_len(SurveyQuestions::Kind, 10))
                // A JSON array of the options' texts (choice questions).
                .col(text(SurveyQuestions::Options))
                .col(boolean(SurveyQuestions::Required))
                .col(string_len_null(SurveyQuestions::Measure, 16))
                .foreign_key(
                    ForeignKey::create()
                        .from(SurveyQuestions::Table, SurveyQuestions::SurveyId)
                        .to(Surveys::Table, Surveys::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyInvitations::Table)
                .col(pk_auto(SurveyInvitations::Id).big_integer())
                .col(big_integer(SurveyInvitations::SurveyId))
                .col(big_integer(SurveyInvitations::CustomerId))
                // `segment`, or `ticket:{id}` for a revisit: one invitation each.
                .col(string_len(SurveyInvitations::SourceKey, 32))
                .col(big_integer_null(SurveyInvitations::TicketId))
                .col(timestamp_with_time_zone(SurveyInvitations::CreatedAt))
                .col(timestamp_with_time_zone_null(SurveyInvitations::AnsweredAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(SurveyInvitations::Table, SurveyInvitations::SurveyId)
                        .to(Surveys::Table, Surveys::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SurveyInvitations::Table, SurveyInvitations::CustomerId)
                        .to(Customers::Table, Customers::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_invitations_once")
                .table(SurveyInvitations::Table)
                .col(SurveyInvitations::SurveyId)
                .col(SurveyInvitations::CustomerId)
                .col(SurveyInvitations::SourceKey)
                .unique()
                .to_owned(),
        )
        .await?;
        // A member's surveys.
        m.create_index(
            Index::create()
                .name("idx_survey_invitations_customer")
                .table(SurveyInvitations::Table)
                .col(SurveyInvitations::CustomerId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(SurveyAnswers::Table)
                .col(pk_auto(SurveyAnswers::Id).big_integer())
                .col(big_integer(SurveyAnswers::InvitationId))
                .col(big_integer(SurveyAnswers::QuestionId))
                // The choice index, the scale or NPS number.
                .col(integer_null(SurveyAnswers::ValueInt))
                // Multiple choice: the indexes, comma-separated.
                .col(string_len_null(SurveyAnswers::Choices, 64))
                .col(text_null(SurveyAnswers::Text))
                .foreign_key(
                    ForeignKey::create()
                        .from(SurveyAnswers::Table, SurveyAnswers::InvitationId)
                        .to(SurveyInvitations::Table, SurveyInvitations::Id),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(SurveyAnswers::Table, SurveyAnswers::QuestionId)
                        .to(SurveyQuestions::Table, SurveyQuestions::Id),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_answers_question")
                .table(SurveyAnswers::Table)
                .col(SurveyAnswers::QuestionId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_survey_answers_invitation")
                .table(SurveyAnswers::Table)
                .col(SurveyAnswers::InvitationId)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            SurveyAnswers::Table.into_iden(),
            SurveyInvitations::Table.into_iden(),
            SurveyQuestions::Table.into_iden(),
            Surveys::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Surveys {
    Table,
    Id,
    Title,
    Intro,
    Status,
    ForTicketRevisits,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum SurveyQuestions {
    Table,
    Id,
    SurveyId,
    Position,
    Prompt,
    Kind,
    Options,
    Required,
    Measure,
}

#[derive(DeriveIden)]
enum SurveyInvitations {
    Table,
    Id,
    SurveyId,
    CustomerId,
    SourceKey,
    TicketId,
    CreatedAt,
    AnsweredAt,
}

#[derive(DeriveIden)]
enum SurveyAnswers {
    Table,
    Id,
    InvitationId,
    QuestionId,
    ValueInt,
    Choices,
    Text,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Customers {
    Table,
    Id,
}
