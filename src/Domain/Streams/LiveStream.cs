using System.Security.Cryptography;
using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.Streams;

public enum StreamStatus
{
    Scheduled,
    Live,
    Ended,
    Cancelled,
}

/// <summary>
/// A creator's show. A ticketed show has its own price: what a ticket costs is always the stream's,
/// never what a client names. Scheduled → live → ended, or scheduled → cancelled.
/// </summary>
public sealed class LiveStream
{
    public const int MaxTitleLength = 120;
    public const int MaxDescriptionLength = 2000;
    public const int MaxCategoryLength = 50;

    private LiveStream()
    {
    }

    public Guid Id { get; private set; }

    public Guid CreatorId { get; private set; }

    public string Title { get; private set; } = "";

    public string? Description { get; private set; }

    public string? Category { get; private set; }

    /// <summary>Null for a public show.</summary>
    public Tokens? TicketPrice { get; private set; }

    public StreamStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? StartedAt { get; private set; }

    public DateTimeOffset? EndedAt { get; private set; }

    /// <summary>The secret of the creator's OBS overlay URL (SPEC §10); shown to the owner only.</summary>
    public string OverlayKey { get; private set; } = "";

    public StreamAudience Audience { get; private set; }

    public bool IsTicketed => TicketPrice is not null;

    public bool IsForSubscribers => Audience == StreamAudience.Subscribers;

    public static LiveStream Schedule(
        Guid creatorId, string title, string? description, string? category, long? ticketPrice, DateTimeOffset now,
        StreamAudience audience = StreamAudience.Everyone)
    {
        Rule.Check(new SubscribersShowHasNoTicketPriceRule(audience, ticketPrice));
        var trimmedTitle = (title ?? "").Trim();
        Rule.Check(new TextLengthRule("title", trimmedTitle, 1, MaxTitleLength));
        Rule.Check(new TextLengthRule("description", description, 0, MaxDescriptionLength));
        Rule.Check(new TextLengthRule("category", category, 0, MaxCategoryLength));
        Rule.Check(new PlainTextRule("title", trimmedTitle));
        Rule.Check(new PlainTextRule("description", description, multiline: true));
        Rule.Check(new PlainTextRule("category", category));
        if (ticketPrice is { } price)
        {
            Rule.Check(new TicketPriceMustBeInRangeRule(price));
        }

        return new LiveStream
        {
            Id = Ids.New(now),
            CreatorId = creatorId,
            Title = trimmedTitle,
            Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim(),
            Category = string.IsNullOrWhiteSpace(category) ? null : category.Trim(),
            TicketPrice = ticketPrice is { } p ? new Tokens(p) : null,
            Audience = audience,
            Status = StreamStatus.Scheduled,
            CreatedAt = now,
            OverlayKey = NewOverlayKey(),
        };
    }

    /// <summary>
    /// Replaces the overlay key (SPEC §14): the old one no longer joins. Allowed in any status, so the link
    /// of an ended show can be revoked too.
    /// </summary>
    public void RotateOverlayKey() => OverlayKey = NewOverlayKey();

    public bool IsOwnedBy(Guid userId) => CreatorId == userId;

    /// <summary>Goes live; starting a live stream again changes nothing.</summary>
    public void Start(DateTimeOffset now)
    {
        if (Status == StreamStatus.Live)
        {
            return;
        }

        Rule.Check(new StreamMustBeInStatusRule(this, StreamStatus.Scheduled, "start"));
        Status = StreamStatus.Live;
        StartedAt = now;
    }

    /// <summary>Ends a live stream; ending an ended stream changes nothing.</summary>
    public void End(DateTimeOffset now)
    {
        if (Status == StreamStatus.Ended)
        {
            return;
        }

        Rule.Check(new StreamMustBeInStatusRule(this, StreamStatus.Live, "end"));
        Status = StreamStatus.Ended;
        EndedAt = now;
    }

    /// <summary>Cancels a scheduled stream; the caller refunds every ticket in the same transaction.</summary>
    public void Cancel(DateTimeOffset now)
    {
        Rule.Check(new StreamMustBeInStatusRule(this, StreamStatus.Scheduled, "cancel"));
        Status = StreamStatus.Cancelled;
        EndedAt = now;
    }

    private static string NewOverlayKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Tickets are sold for ticketed shows that have not ended or been cancelled.</summary>
    public void CheckTicketsOnSale()
    {
        Rule.Check(new StreamMustBeTicketedRule(this));
        Rule.Check(new StreamMustNotBeOverRule(this));
    }
}
