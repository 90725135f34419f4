namespace Digis.Application.Common.Interfaces;

/// <summary>What a key in use holds: the hash of the request that claimed it, and the response that request answered.</summary>
public sealed record StoredRequest(string RequestHash, string? Response);
