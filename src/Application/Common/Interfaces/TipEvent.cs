namespace Digis.Application.Common.Interfaces;

/// <summary><c>tip</c>; a tip from the creator's menu carries the item and its <c>label</c> (SPEC §13).</summary>
public sealed record TipEvent(
    Guid Id, Guid? StreamId, Guid CreatorId, Guid FanId, string FanName, long Amount, string? Message, DateTimeOffset CreatedAt,
    Guid? MenuItemId = null, string? Label = null);
