using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Digis.Api.Infrastructure;

/// <summary>
/// Writes into the OpenAPI document what SPEC §3 says of every route: the bearer scheme where a token is
/// needed, the <c>Idempotency-Key</c> header and signature headers, and the problem+json answers with their
/// codes — those the route declares (<see cref="ApiDescription.ProducesProblems"/>) and those its shape
/// implies: 401 with a bearer token or a signature, 400 with any parameter or body, 413 with a body, 409
/// and 422 with an idempotency key, 429 (the gateway) and 503 (the database) everywhere.
/// </summary>
public sealed class ApiDescriptionTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer, IOpenApiSchemaTransformer
{
    public const string BearerScheme = "Bearer";
    public const string ProblemSchema = "Problem";
    public const string IdempotencyKeyHeader = "Idempotency-Key";
    private const string ProblemContentType = "application/problem+json";

    /// <summary>The live hub is not HTTP, so the document describes its events in words (SPEC §5, §11, §13, §18).</summary>
    private const string HubEvents =
        "Live hub `/hubs/live` (SignalR, JSON; token in `access_token`). Client → server: `JoinStream(streamId)`, "
        + "`LeaveStream(streamId)`, `JoinCall(callId)`, `JoinOverlay(streamId, key)`, `SendCallSignal(callId, { type: offer|answer|candidate|bye, "
        + "sdp?, candidate? })` (≤ 16 KiB, participants of a live call), `CallMediaState(callId, connected)` (SPEC §17), "
        + "`AcknowledgeEvents(\"tip\", [ids])` (1–50 tip ids the connection received; each delivery counts once toward hub delivery, "
        + "SPEC §20). Server → client events:\n"
        + "- `balanceChanged { balance, kind, referenceId }` — to the wallet's owner after every committed change;\n"
        + "- `earningsChanged { escrow, clearing, cashable, kind, referenceId }` — to a creator after every committed change of their earnings (SPEC §11);\n"
        + "- `tip { id, streamId, creatorId, fanId, fanName, amount, message, createdAt, menuItemId, label }` — to the show's room and the creator;\n"
        + "- `goalProgress { streamId, title, target, progress, reached }` — to the show's room (overlays too) after each tip into it and when the goal is set; "
        + "`goalRemoved { streamId }` when it is removed;\n"
        + "- `callRequested { callId, fanId, fanName, ratePerMinute, blockCost, requestedAt, expiresAt }` — to the creator when a fan asks for a call "
        + "(`GET /api/creators/me/call-requests` lists those still waiting);\n"
        + "- `callStatus { callId, status, endReason, blocksBilled, totalCharged, balance, lowBalance }` — to both participants on every change;\n"
        + "- `callSignal { callId, fromId, type, sdp, candidate }` — to the other party of the call only (SPEC §17);\n"
        + "- `streamStatus { streamId, status }` — to the show's room;\n"
        + "- `subscriptionChanged { subscriptionId, fanId, creatorId, tierId, status, renews, currentPeriodEnd, priceTokens, subscriberCount }` — "
        + "to the fan and the creator on every change of a subscription (SPEC §18);\n"
        + "- `subscriptionRenewing { subscriptionId, creatorId, tierId, priceTokens, renewsAt }` — to the fan before a renewal.";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Digis API",
            Version = ApiDescription.DocumentName,
            Description = "Tokens, tips, ticketed shows and pay-per-minute calls (SPEC §4). Errors are RFC 9457 problems "
                + "with a stable `code` (SPEC §3); every POST that moves tokens accepts `Idempotency-Key`.\n\n"
                + HubEvents,
        };

        // No absolute server: the document is read through the gateway or on an API instance, and a client
        // (the reference page too) calls the origin it read it from.
        document.Servers = [];
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "HS256 JWT with claims `sub` (user UUID), `role` (`fan` or `creator`) and `name` (SPEC §3).",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchema] = Problem();
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var codes = metadata.OfType<ProblemCodesMetadata>().SelectMany(m => m.Codes).ToHashSet();
        codes.Add(Problems.RateLimited);
        codes.Add(Problems.Unavailable);

        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            codes.Add(Problems.Unauthorized);
        }

        foreach (var signature in metadata.OfType<SignatureHeaderMetadata>())
        {
            AddHeader(operation, signature.Header, signature.Description, required: true);
            codes.Add(Problems.Unauthorized);
        }

        if (metadata.OfType<IdempotencyKeyMetadata>().Any())
        {
            AddHeader(operation, IdempotencyKeyHeader,
                "1..255 characters, scoped to the caller. A repeat with the same key and body within 24 h returns the first "
                + "response and does nothing; the same key with another body is 422; a repeat while the first runs is 409.",
                required: false, maxLength: 255);
            codes.Add(Problems.IdempotencyConflict);
            codes.Add(Problems.Conflict);
        }

        if (metadata.OfType<RawJsonBodyMetadata>().LastOrDefault() is { } raw)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = raw.Description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object } },
                },
            };
        }

        if (operation.RequestBody is not null)
        {
            codes.Add(Problems.PayloadTooLarge);
        }

        if (operation.RequestBody is not null || operation.Parameters is { Count: > 0 })
        {
            codes.Add(Problems.Validation);
        }

        operation.Responses ??= [];
        foreach (var byStatus in codes.GroupBy(code => Problems.Catalog[code].Status).OrderBy(g => g.Key))
        {
            operation.Responses[byStatus.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)] =
                ProblemResponse(byStatus.Key, byStatus.Order(StringComparer.Ordinal), context.Document);
        }

        return Task.CompletedTask;
    }

    /// <summary>DigisJson writes times and enums with its own converters, which hide the JSON type from the schema exporter.</summary>
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (schema.Type is null && (type.IsEnum || type == typeof(DateTimeOffset)))
        {
            schema.Type = JsonSchemaType.String;
        }
        else if (schema.Type is null && type == typeof(DateTimeOffset?))
        {
            schema.Type = JsonSchemaType.String | JsonSchemaType.Null;
        }

        return Task.CompletedTask;
    }

    private static void AddHeader(OpenApiOperation operation, string name, string description, bool required, int? maxLength = null)
    {
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MinLength = 1, MaxLength = maxLength },
        });
    }

    private static OpenApiResponse ProblemResponse(int status, IEnumerable<string> codes, OpenApiDocument? document)
    {
        var response = new OpenApiResponse
        {
            Description = string.Join("; ", codes.Select(code => $"`{code}`: {Problems.Catalog[code].When}")),
            Content = new Dictionary<string, OpenApiMediaType>
            {
                [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchema, document) },
            },
        };
        if (status == StatusCodes.Status429TooManyRequests)
        {
            response.Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader { Description = "Seconds to wait.", Schema = new OpenApiSchema { Type = JsonSchemaType.Integer } },
            };
        }

        return response;
    }

    /// <summary>The problem+json body every 4xx/503 carries (SPEC §3); <c>code</c> is the stable part a client switches on.</summary>
    private static OpenApiSchema Problem() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details with the stable `code` extension of SPEC §3.",
        Required = new HashSet<string> { "title", "status", "code", "traceId" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = Text("A URI naming the problem type, when there is one."),
            ["title"] = Text("A short, human-readable summary."),
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32" },
            ["detail"] = Text("What happened, for a human."),
            ["instance"] = Text("The request path."),
            ["code"] = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Description = "The stable problem code (SPEC §3); clients switch on this, not on `title`.",
                Enum = [.. Problems.Catalog.Keys.Select(code => (JsonNode)code)],
            },
            ["traceId"] = Text("The trace id, for support."),
            ["requestId"] = Text("The request's `X-Request-Id`."),
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "`validation` only: field → messages.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["balance"] = Tokens("`insufficient-funds` only: the tokens the payer has (for a cash-out, the cashable tokens)."),
            ["required"] = Tokens("`insufficient-funds` only: the tokens the operation needs."),
        },
    };

    private static OpenApiSchema Text(string description) => new() { Type = JsonSchemaType.String, Description = description };

    private static OpenApiSchema Tokens(string description) => new() { Type = JsonSchemaType.Integer, Format = "int64", Description = description };
}
