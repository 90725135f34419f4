using Microsoft.EntityFrameworkCore.Migrations;

namespace Digis.Infrastructure.Ledger;

/// <summary>
/// The ledger's PostgreSQL functions. Each is one file in <c>Ledger/Sql</c>, its only current definition, written as
/// <c>pg_get_functiondef</c> prints it (after comments that say why), so a test can compare the database's definition
/// with the file's. A migration that introduces or changes a function applies its file (<see cref="CreateFunctions"/>):
/// to change one, edit its file and add a migration that applies it (docs/decisions/0002-ledger-functions-in-sql-files.md).
/// </summary>
public static class LedgerFunctions
{
    public const string LedgerRowsAreImmutable = "ledger_rows_are_immutable";
    public const string UuidV7 = "uuid_v7";
    public const string EarningsAccountId = "earnings_account_id";
    public const string OpenAccounts = "open_accounts";
    public const string LockAccounts = "lock_accounts";
    public const string ClaimIdempotencyKey = "claim_idempotency_key";
    public const string PostTransfers = "post_transfers";
    public const string SynchronousStandbys = "synchronous_standbys";
    public const string SendTip = "send_tip";

    /// <summary>Every function, in an order that creates each after what it needs.</summary>
    public static IReadOnlyList<string> All { get; } =
        [LedgerRowsAreImmutable, UuidV7, EarningsAccountId, OpenAccounts, LockAccounts, ClaimIdempotencyKey, PostTransfers, SynchronousStandbys, SendTip];

    /// <summary>The file of the function: its comments, then <c>CREATE OR REPLACE FUNCTION … $function$;</c>.</summary>
    public static string File(string name)
    {
        using var stream = typeof(LedgerFunctions).Assembly.GetManifestResourceStream($"Digis.Infrastructure.Ledger.Sql.{name}.sql")
            ?? throw new ArgumentException($"No file Ledger/Sql/{name}.sql.", nameof(name));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The definition in the file, as <c>pg_get_functiondef</c> prints it: without the comments before it and the closing semicolon.</summary>
    public static string Definition(string name)
    {
        var file = File(name);
        var start = file.IndexOf("CREATE OR REPLACE FUNCTION ", StringComparison.Ordinal);
        var end = file.LastIndexOf("$function$", StringComparison.Ordinal) + "$function$".Length;
        return start >= 0 && end > start ? file[start..end] : throw new FormatException($"Ledger/Sql/{name}.sql holds no function definition.");
    }

    /// <summary>Creates (or replaces) the functions from their files.</summary>
    public static void CreateFunctions(this MigrationBuilder migrationBuilder, params string[] names)
    {
        foreach (var name in names)
        {
            migrationBuilder.Sql(File(name));
        }
    }
}
