using Microsoft.AspNetCore.Http;

namespace Digis.ServiceDefaults;

/// <summary>
/// What a page may load and who may frame it (SPEC §19): scripts, styles, fonts and connections (fetch, the hub's
/// WebSockets) from its own origin only, images also as data: URLs, no plugins, forms posting to its own origin, and —
/// for the web client and the console, which act for a signed-in user — no framing by any page (clickjacking). The OBS
/// overlay may be framed: streaming tools embed browser sources.
/// </summary>
public static class ContentSecurity
{
    private const string SameOrigin =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'";

    /// <summary>The policy of a page that acts for a signed-in user: nothing frames it.</summary>
    public const string Unframed = SameOrigin + "; frame-ancestors 'none'";

    /// <summary>The overlay's policy: the same sources, and any page may frame it.</summary>
    public const string Frameable = SameOrigin;

    public static void Set(HttpResponse response, bool frameable = false)
    {
        response.Headers.ContentSecurityPolicy = frameable ? Frameable : Unframed;
        response.Headers.XContentTypeOptions = "nosniff";
        if (!frameable)
        {
            response.Headers.XFrameOptions = "DENY"; // frame-ancestors for browsers older than CSP 2
        }
    }
}
