namespace Digis.Identity.Passkeys;

/// <summary>A passkey sign-in challenge that was answered successfully: it is never accepted again (SPEC §15, replay).</summary>
public sealed class AnsweredPasskeyChallenge
{
    public required string Challenge { get; init; }

    public required DateTimeOffset AnsweredAt { get; init; }
}
