using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ClaimKeysWithTheCommit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A command's Idempotency-Key is claimed in its commit's round trip, with its response (docs/DECISIONS.md,
            // "What a tip costs"): a key in use (younger than the window) refuses the whole transaction with DG409, so
            // nothing the command did is committed and the caller replays the stored response instead.
            migrationBuilder.Sql("""
                CREATE FUNCTION claim_idempotency_key(
                    owner uuid, idempotency_key text, hash text, stored_response text, claimed_at timestamptz, expired_before timestamptz)
                RETURNS void LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO idempotency_keys (user_id, key, request_hash, response, created_at)
                    VALUES (owner, idempotency_key, hash, stored_response, claimed_at)
                    ON CONFLICT (user_id, key) DO UPDATE
                       SET request_hash = EXCLUDED.request_hash, response = EXCLUDED.response, created_at = EXCLUDED.created_at
                     WHERE idempotency_keys.created_at < expired_before;
                    IF NOT FOUND THEN
                        RAISE EXCEPTION USING ERRCODE = 'DG409', MESSAGE = 'idempotency key in use';
                    END IF;
                END
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION claim_idempotency_key(uuid, text, text, text, timestamptz, timestamptz);");
        }
    }
}
