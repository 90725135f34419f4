using Digis.Domain.Common;

namespace Digis.Domain.Streams;

public sealed class StreamMustBeInStatusRule(LiveStream stream, StreamStatus required, string action) : IBusinessRule
{
    public bool IsBroken() => stream.Status != required;

    public string Message => $"A {stream.Status.ToString().ToLowerInvariant()} stream cannot {action}.";
}
