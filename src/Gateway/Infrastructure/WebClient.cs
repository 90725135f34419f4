using Digis.ServiceDefaults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Digis.Gateway.Infrastructure;

/// <summary>
/// Serves the web client's build (src/Web/dist, SPEC §10): the app at <c>/app/</c> (routes live in the
/// URL hash, so any other <c>/app/*</c> path answers the app's page) and the OBS overlay page for
/// <c>/overlay/{streamId}</c>, and the app's sign-in settings at <c>/app/config.json</c>. Hashed assets are cached for
/// good; the pages never.
/// </summary>
internal static class WebClient
{
    public static void MapWebClient(this WebApplication app)
    {
        var root = app.Configuration["Web:Root"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : Find(app.Environment.ContentRootPath);
        if (root is null || !Directory.Exists(root))
        {
            app.MapGet("/app/{**path}", () => Results.Text("The web client is not built (npm run build in src/Web).", statusCode: 404));
            return;
        }

        // What the app needs to sign in (SPEC §15): where the identity host is, and whether the paste-a-token page exists
        // (Development and tests only; never in Production).
        var settings = new
        {
            authority = app.Configuration["Auth:Authority"] is { Length: > 0 } authority ? Digis.ServiceDefaults.AccessTokenContract.Issuer(authority) : null,
            clientId = "digis-web",
            devToken = app.Configuration.GetValue("Web:DevTokenPage", false) && !app.Environment.IsProduction(),
        };
        app.MapGet("/app/config.json", (HttpContext http) =>
        {
            http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            return Results.Json(settings);
        });

        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        app.MapGet("/app/{**path}", (HttpContext http, string? path) =>
            path is { Length: > 0 } && files.GetFileInfo(path) is { Exists: true, IsDirectory: false } file
                ? SendAsync(http, file, types, immutable: !path.EndsWith(".html", StringComparison.Ordinal))
                : SendAsync(http, files.GetFileInfo("index.html"), types, immutable: false));
        app.MapGet("/overlay/{**path}", (HttpContext http) => SendAsync(http, files.GetFileInfo("overlay.html"), types, immutable: false, frameable: true));
    }

    private static async Task SendAsync(HttpContext http, IFileInfo file, FileExtensionContentTypeProvider types, bool immutable, bool frameable = false)
    {
        ContentSecurity.Set(http.Response, frameable); // SPEC §19: the app is never framed; OBS tools may frame the overlay
        http.Response.ContentType = types.TryGetContentType(file.Name, out var type) ? type : "application/octet-stream";
        http.Response.Headers[HeaderNames.CacheControl] = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        await http.Response.SendFileAsync(file, http.RequestAborted);
    }

    /// <summary>src/Web/dist above wherever the gateway runs from (its project folder or its build output).</summary>
    private static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Web", "dist");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
