namespace Digis.Application.Common.Interfaces;

public sealed record StreamStatusEvent(Guid StreamId, string Status);
