namespace Digis.Identity.Accounts;

/// <summary>The public URL the host is reached at through the gateway (<c>Auth:Authority</c>, SPEC §15): the issuer, and the base of e-mailed links.</summary>
public sealed class PublicUrl(Uri authority)
{
    public Uri Authority { get; } = authority;

    /// <summary>The origin a browser shows for the site (scheme, host and port), as WebAuthn compares it.</summary>
    public string Origin => Authority.GetLeftPart(UriPartial.Authority);

    public Uri For(string pathAndQuery) => new(Authority, pathAndQuery.TrimStart('/'));

    public static PublicUrl From(IConfiguration configuration) =>
        configuration["Auth:Authority"] is { Length: > 0 } authority && Uri.TryCreate(Digis.ServiceDefaults.AccessTokenContract.Issuer(authority), UriKind.Absolute, out var uri)
            ? new PublicUrl(uri)
            : throw new InvalidOperationException("Auth:Authority (the public URL, e.g. http://localhost:8080/) is required.");
}
