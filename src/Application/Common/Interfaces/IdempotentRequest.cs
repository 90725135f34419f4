namespace Digis.Application.Common.Interfaces;

/// <summary>A keyed request: whose key, the key, and a hash of what the request asks (its command's name and fields).</summary>
public sealed record IdempotentRequest(Guid CallerId, string Key, string Hash);
