using Digis.Application.Common;

namespace Digis.Infrastructure.Persistence;

/// <summary>The <c>Database</c> section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// The most connections one host keeps open (SPEC §19). The hosts together must stay under the server's
    /// <c>max_connections</c> less its reserved ones, with room for migrations and operators: a stock PostgreSQL's 100
    /// serves two API instances, the console and the identity host at the default 20 (80), with 17 to spare.
    /// </summary>
    public const int DefaultMaxPoolSize = 20;

    public int MaxPoolSize { get; set; } = DefaultMaxPoolSize;

    /// <summary>Whether the API applies pending migrations when it starts (default: in Development).</summary>
    public bool? MigrateOnStartup { get; set; }

    public IEnumerable<string> Problems() => OptionsRules.Within(nameof(MaxPoolSize), MaxPoolSize, 1, 10_000);
}
