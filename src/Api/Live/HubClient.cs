namespace Digis.Api.Live;

/// <summary>A client's share of the hub: its invocation bucket and how many connections it holds.</summary>
public sealed class HubClient(TokenBucket bucket)
{
    public TokenBucket Bucket { get; } = bucket;

    public int Connections { get; set; }

    public int AnonymousConnections { get; set; }
}
