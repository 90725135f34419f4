using Digis.Application.Common;

namespace Digis.Application.Calls;

/// <summary><c>Calls:*</c> settings.</summary>
public sealed class CallsOptions
{
    public const string Section = "Calls";

    public int HeartbeatTimeoutSeconds { get; set; } = 45;

    public int MaxPauseSeconds { get; set; } = 300;

    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>How long after the accept both sides' media must be connected, or the call ends <c>media-failed</c> (SPEC §17).</summary>
    public int MediaConnectSeconds { get; set; } = 30;

    /// <summary>How long lost media may stay lost before the call ends <c>connection-lost</c> (SPEC §17).</summary>
    public int MediaGraceSeconds { get; set; } = 20;

    /// <summary>TURN servers, comma-separated (<c>turn:127.0.0.1:3478?transport=udp,…</c>); none = no STUN or TURN is offered.</summary>
    public string? TurnUrls { get; set; }

    /// <summary>coturn's <c>static-auth-secret</c> (<c>use-auth-secret</c>): TURN credentials are derived from it.</summary>
    public string? TurnSecret { get; set; }

    /// <summary>How long a TURN credential handed out by <c>GET /api/calls/{id}/ice-servers</c> stays valid.</summary>
    public int TurnTtlSeconds { get; set; } = 86_400;

    /// <summary>
    /// <c>all</c> (default) lets browsers connect directly where they can; <c>relay</c> sends every call through
    /// TURN, so neither party learns the other's network address.
    /// </summary>
    public string IceTransportPolicy { get; set; } = "all";

    public Domain.Calls.CallTimeouts Timeouts => new(
        TimeSpan.FromSeconds(HeartbeatTimeoutSeconds), TimeSpan.FromSeconds(MaxPauseSeconds), TimeSpan.FromSeconds(RequestTimeoutSeconds),
        TimeSpan.FromSeconds(MediaConnectSeconds), TimeSpan.FromSeconds(MediaGraceSeconds));

    /// <summary>The TURN URLs as a list (blanks dropped).</summary>
    public IReadOnlyList<string> TurnUrlList =>
        (TurnUrls ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public IEnumerable<string> Problems()
    {
        var problems = OptionsRules.Within(nameof(HeartbeatTimeoutSeconds), HeartbeatTimeoutSeconds, 1)
            .Concat(OptionsRules.Within(nameof(MaxPauseSeconds), MaxPauseSeconds, 1))
            .Concat(OptionsRules.Within(nameof(RequestTimeoutSeconds), RequestTimeoutSeconds, 1))
            .Concat(OptionsRules.Within(nameof(MediaConnectSeconds), MediaConnectSeconds, 1))
            .Concat(OptionsRules.Within(nameof(MediaGraceSeconds), MediaGraceSeconds, 1))
            .Concat(OptionsRules.Within(nameof(TurnTtlSeconds), TurnTtlSeconds, 60))
            .ToList();
        if (IceTransportPolicy is not ("all" or "relay"))
        {
            problems.Add($"{nameof(IceTransportPolicy)} must be all or relay (it is {IceTransportPolicy}).");
        }

        if (TurnUrlList.Any(u => !u.StartsWith("turn:", StringComparison.Ordinal) && !u.StartsWith("turns:", StringComparison.Ordinal)))
        {
            problems.Add($"{nameof(TurnUrls)} must be turn: or turns: URLs.");
        }

        if (TurnUrlList.Count > 0 && TurnSecret is not { Length: >= 16 })
        {
            problems.Add($"{nameof(TurnSecret)} of 16+ characters is needed with {nameof(TurnUrls)}.");
        }

        if (IceTransportPolicy == "relay" && TurnUrlList.Count == 0)
        {
            problems.Add($"{nameof(IceTransportPolicy)}=relay needs {nameof(TurnUrls)}.");
        }

        return problems;
    }
}
