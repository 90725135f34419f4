using Digis.Domain.Calls;

namespace Digis.Application.Calls;

/// <summary>A call's two parties and its status.</summary>
public sealed record CallParties(Guid FanId, Guid CreatorId, CallStatus Status)
{
    public Guid OtherThan(Guid userId) => userId == FanId ? CreatorId : FanId;
}
