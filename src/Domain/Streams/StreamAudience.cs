namespace Digis.Domain.Streams;

/// <summary>Who a show is for: anyone (public, or with a ticket when it has a price), or the creator's active subscribers (SPEC §18).</summary>
public enum StreamAudience
{
    Everyone,
    Subscribers,
}
