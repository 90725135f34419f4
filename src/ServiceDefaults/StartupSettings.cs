using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Digis.ServiceDefaults;

/// <summary>
/// A host checks its settings before it does anything else (migrating, listening): options registered with
/// <c>ValidateOnStart</c> are validated here, every problem is logged, and the host stops with the validation's
/// exception, so the process exits non-zero rather than serve requests a setting would fail (SPEC §19).
/// </summary>
public static partial class StartupSettings
{
    public static void ValidateSettings(this WebApplication app)
    {
        try
        {
            app.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception refused) when (Failures(refused) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                LogRefused(app.Logger, failure);
            }

            throw;
        }
    }

    private static List<string> Failures(Exception refused) => refused switch
    {
        OptionsValidationException one => [.. one.Failures],
        AggregateException many => [.. many.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to start: {Problem}")]
    private static partial void LogRefused(ILogger logger, string problem);
}
