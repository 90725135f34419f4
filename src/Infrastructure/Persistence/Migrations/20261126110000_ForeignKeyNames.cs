using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <summary>
    /// The foreign keys to <c>users</c> are named like every other one (<c>fk_{table}_users_{columns}</c>) instead
    /// of after the context's explicit interface member, cut at 63 characters. Renamed in place: dropping and
    /// adding them, as EF would, re-checks every row of the referencing tables under lock.
    /// </summary>
    public partial class ForeignKeyNames : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE calls RENAME CONSTRAINT fk_calls_digis_application_common_interfaces_i_digis_db_contex TO fk_calls_users_creator_id;
                ALTER TABLE calls RENAME CONSTRAINT fk_calls_digis_application_common_interfaces_i_digis_db_contex1 TO fk_calls_users_fan_id;
                ALTER TABLE call_settings RENAME CONSTRAINT fk_call_settings_digis_application_common_interfaces_i_digis_d TO fk_call_settings_users_creator_id;
                ALTER TABLE cashouts RENAME CONSTRAINT fk_cashouts_digis_application_common_interfaces_i_digis_db_con TO fk_cashouts_users_creator_id;
                ALTER TABLE purchases RENAME CONSTRAINT fk_purchases_digis_application_common_interfaces_i_digis_db_co TO fk_purchases_users_user_id;
                ALTER TABLE streams RENAME CONSTRAINT fk_streams_digis_application_common_interfaces_i_digis_db_cont TO fk_streams_users_creator_id;
                ALTER TABLE tickets RENAME CONSTRAINT fk_tickets_digis_application_common_interfaces_i_digis_db_cont TO fk_tickets_users_fan_id;
                ALTER TABLE tips RENAME CONSTRAINT fk_tips_digis_application_common_interfaces_i_digis_db_context TO fk_tips_users_creator_id;
                ALTER TABLE tips RENAME CONSTRAINT fk_tips_digis_application_common_interfaces_i_digis_db_context1 TO fk_tips_users_fan_id;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE calls RENAME CONSTRAINT fk_calls_users_creator_id TO fk_calls_digis_application_common_interfaces_i_digis_db_contex;
                ALTER TABLE calls RENAME CONSTRAINT fk_calls_users_fan_id TO fk_calls_digis_application_common_interfaces_i_digis_db_contex1;
                ALTER TABLE call_settings RENAME CONSTRAINT fk_call_settings_users_creator_id TO fk_call_settings_digis_application_common_interfaces_i_digis_d;
                ALTER TABLE cashouts RENAME CONSTRAINT fk_cashouts_users_creator_id TO fk_cashouts_digis_application_common_interfaces_i_digis_db_con;
                ALTER TABLE purchases RENAME CONSTRAINT fk_purchases_users_user_id TO fk_purchases_digis_application_common_interfaces_i_digis_db_co;
                ALTER TABLE streams RENAME CONSTRAINT fk_streams_users_creator_id TO fk_streams_digis_application_common_interfaces_i_digis_db_cont;
                ALTER TABLE tickets RENAME CONSTRAINT fk_tickets_users_fan_id TO fk_tickets_digis_application_common_interfaces_i_digis_db_cont;
                ALTER TABLE tips RENAME CONSTRAINT fk_tips_users_creator_id TO fk_tips_digis_application_common_interfaces_i_digis_db_context;
                ALTER TABLE tips RENAME CONSTRAINT fk_tips_users_fan_id TO fk_tips_digis_application_common_interfaces_i_digis_db_context1;
                """);
        }
    }
}
