using Scalar.AspNetCore;

namespace Digis.Api.Infrastructure;

/// <summary>
/// The API's description (SPEC §8): the OpenAPI document at <c>/openapi/v1.json</c>, in every environment, and
/// the Scalar reference page at <c>/scalar</c>, in Development. Endpoints say what the framework cannot see —
/// the problem codes they answer, the <c>Idempotency-Key</c> they honour, a signature header — with the
/// extensions below; <see cref="ApiDescriptionTransformer"/> turns that into the document.
/// </summary>
public static class ApiDescription
{
    public const string DocumentName = "v1";
    public const string ReferencePath = "/scalar";

    public static IServiceCollection AddDigisApiDescription(this IServiceCollection services) =>
        services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer<ApiDescriptionTransformer>();
            options.AddOperationTransformer<ApiDescriptionTransformer>();
            options.AddSchemaTransformer<ApiDescriptionTransformer>();
        });

    public static void MapDigisApiDescription(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        if (app.Environment.IsDevelopment())
        {
            // Everything the page needs is served from the package; nothing is fetched from a CDN or reported.
            app.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("Digis API")
                .AddPreferredSecuritySchemes(ApiDescriptionTransformer.BearerScheme)
                .DisableTelemetry()
                .DisableDefaultFonts()
                .DisableAgent()
                .DisableMcp());
        }
    }

    /// <summary>The SPEC §3 problems this route can answer besides the ones its shape implies (see <see cref="ApiDescriptionTransformer"/>).</summary>
    public static TBuilder ProducesProblems<TBuilder>(this TBuilder builder, params string[] codes)
        where TBuilder : IEndpointConventionBuilder
    {
        foreach (var code in codes)
        {
            if (!Problems.Catalog.ContainsKey(code))
            {
                throw new ArgumentException($"'{code}' is not a problem code of SPEC §3.", nameof(codes));
            }
        }

        return builder.WithMetadata(new ProblemCodesMetadata(codes));
    }

    /// <summary>The route honours <c>Idempotency-Key</c> (SPEC §3): a repeat returns the first response.</summary>
    public static TBuilder AcceptsIdempotencyKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(IdempotencyKeyMetadata.Instance);

    /// <summary>The route authenticates its caller by <paramref name="header"/> instead of a bearer token.</summary>
    public static TBuilder RequiresSignatureHeader<TBuilder>(this TBuilder builder, string header, string description)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new SignatureHeaderMetadata(header, description));

    /// <summary>The route reads its body raw (e.g. to check a signature over it), so no parameter shows it: describe it here.</summary>
    public static TBuilder AcceptsRawJson<TBuilder>(this TBuilder builder, string description)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new RawJsonBodyMetadata(description));
}

public sealed record ProblemCodesMetadata(IReadOnlyList<string> Codes);

public sealed class IdempotencyKeyMetadata
{
    public static IdempotencyKeyMetadata Instance { get; } = new();

    private IdempotencyKeyMetadata()
    {
    }
}

public sealed record SignatureHeaderMetadata(string Header, string Description);

public sealed record RawJsonBodyMetadata(string Description);
