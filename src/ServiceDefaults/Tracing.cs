using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Serilog;

namespace Digis.ServiceDefaults;

/// <summary>
/// Every host's logging (Serilog) and OpenTelemetry tracing (W3C <c>traceparent</c> in, spans for requests served and
/// calls made, plus what the host adds, e.g. Npgsql). Spans go over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
/// (the exporter's other <c>OTEL_*</c> variables apply) or to whatever a test adds when <c>Tracing:Enabled</c> is true;
/// otherwise no host traces at all: no request or database command carries an Activity, and a problem's <c>traceId</c>
/// is the caller's <c>traceparent</c>'s (<see cref="TraceId"/>). Metrics stay Prometheus
/// (docs/decisions/0112-gateway-forwards-the-api-directly.md).
/// </summary>
public static class Tracing
{
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Serilog from configuration and the log context, and tracing when spans are exported. Without it, ASP.NET Core's
    /// hosting diagnostics logger is off: ASP.NET Core starts an Activity for every request while that logger is on, and it
    /// logs nothing above Warning anyway.
    /// </summary>
    public static WebApplicationBuilder AddDigisLoggingAndTracing(
        this WebApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder>? configure = null)
    {
        var traced = Exported(builder.Configuration);
        builder.Host.UseSerilog((context, services, logger) =>
        {
            logger.ReadFrom.Configuration(context.Configuration).Enrich.FromLogContext();
            if (!traced)
            {
                logger.MinimumLevel.Override("Microsoft.AspNetCore.Hosting.Diagnostics", Serilog.Events.LevelAlias.Off);
            }
        });
        CategoryLoggers.Register(builder.Services);
        if (traced)
        {
            AddTracing(builder, serviceName, configure);
        }

        return builder;
    }

    private static void AddTracing(WebApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder>? configure)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(serviceName);
                }
            })
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(options => options.Filter = http => !IsProbe(http.Request.Path))
                    .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage =
                        request => request.RequestUri is not { } uri || !IsProbe(new PathString(uri.AbsolutePath)));
                configure?.Invoke(tracing);
            });
        if (!string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>Whether spans are exported: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, or <c>Tracing:Enabled</c> is true.</summary>
    public static bool Exported(Microsoft.Extensions.Configuration.IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]) || string.Equals(configuration["Tracing:Enabled"], "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The W3C trace id of the request being served (continued from the caller's <c>traceparent</c>), for a
    /// problem's <c>traceId</c>: the activity's, or with no W3C activity (a host that does not trace) the caller's
    /// <c>traceparent</c>'s; the request id when there is neither.
    /// </summary>
    public static string TraceId(HttpContext http)
    {
        if (Activity.Current is { IdFormat: ActivityIdFormat.W3C } activity)
        {
            return activity.TraceId.ToHexString();
        }

        // version "-" trace id "-" parent id "-" flags (W3C Trace Context); an all-zero trace id is invalid.
        var header = http.Request.Headers["traceparent"].ToString();
        return header.Length >= 55 && header[2] == '-' && header[35] == '-' && header[3..35].All(char.IsAsciiHexDigitLower)
            && header[3..35].Any(c => c != '0')
            ? header[3..35]
            : http.TraceIdentifier;
    }

    /// <summary>Health probes (the gateway probes every API each second or two) are not traced.</summary>
    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments("/admin/health") || path.StartsWithSegments("/metrics");
}
