using Digis.Application.Common.Interfaces;
using Microsoft.Extensions.Logging;

namespace Digis.Application.Common.Behaviors;

/// <summary>Per-scope queue of after-commit side effects. A failing notification never undoes a committed change.</summary>
public sealed partial class PostCommitActions(ILogger<PostCommitActions> logger) : IPostCommitActions
{
    private readonly List<Func<CancellationToken, Task>> _actions = [];

    public void Add(Func<CancellationToken, Task> action) => _actions.Add(action);

    /// <summary>Called when a transaction attempt is rolled back (or retried): its side effects never happened.</summary>
    public void Discard() => _actions.Clear();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (_actions.Count == 0)
        {
            return;
        }

        var actions = _actions.ToArray();
        _actions.Clear();
        foreach (var action in actions)
        {
            try
            {
                await action(cancellationToken);
            }
#pragma warning disable CA1031 // a notification failure must not turn a committed payment into an error response
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "An after-commit notification failed; the change itself is committed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
