using Digis.Domain.Common;

namespace Digis.Domain.Streams;

public sealed class StreamMustNotBeOverRule(LiveStream stream) : IBusinessRule
{
    public bool IsBroken() => stream.Status is StreamStatus.Ended or StreamStatus.Cancelled;

    public string Message => $"The stream is {stream.Status.ToString().ToLowerInvariant()}.";
}
