using Digis.Domain.Common;
using Digis.Domain.Streams;

namespace Digis.Domain.Tips;

/// <summary>A tip goes into a show while it is live.</summary>
public sealed class TipStreamMustBeLiveRule(StreamStatus status) : IBusinessRule
{
    public bool IsBroken() => status != StreamStatus.Live;

    public string Message => "The stream is not live.";
}
