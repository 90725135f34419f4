using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Digis.Infrastructure.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class SynchronousStandbys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // How many standbys acknowledge commits synchronously (SPEC §12; §20's alert). pg_stat_replication shows
            // sync_state only to roles with pg_read_all_stats: the function runs as its owner, the role that migrates.
            migrationBuilder.Sql("""
                CREATE FUNCTION public.synchronous_standbys() RETURNS integer
                 LANGUAGE sql STABLE SECURITY DEFINER
                 SET search_path TO 'pg_catalog'
                AS $function$
                    SELECT count(*)::integer FROM pg_stat_replication WHERE sync_state IN ('sync', 'quorum')
                $function$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION public.synchronous_standbys();");
        }
    }
}
