using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Digis.Application.Common.Behaviors;

/// <summary>Times every message; quiet (Debug) on success so the hot path stays cheap, Warning when slow.</summary>
public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private static readonly TimeSpan Slow = TimeSpan.FromMilliseconds(500);

    public async ValueTask<TResponse> Handle(
        TMessage message,
        MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await next(message, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (elapsed > Slow)
        {
            LogSlow(logger, typeof(TMessage).Name, elapsed.TotalMilliseconds);
        }
        else
        {
            LogHandled(logger, typeof(TMessage).Name, elapsed.TotalMilliseconds);
        }

        return response;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {Message} in {ElapsedMs:0.0} ms")]
    private static partial void LogHandled(ILogger logger, string message, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Slow {Message}: {ElapsedMs:0.0} ms")]
    private static partial void LogSlow(ILogger logger, string message, double elapsedMs);
}
