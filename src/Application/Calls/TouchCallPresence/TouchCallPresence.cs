using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls.TouchCallPresence;

/// <summary>Hub presence as signs of life: each (call, user) pair a hub connection has joined.</summary>
public sealed record TouchCallPresence(IReadOnlyCollection<(Guid CallId, Guid UserId)> Present) : ICommand<int>;

public sealed class TouchCallPresenceHandler(IDigisDbContext db, TimeProvider clock) : ICommandHandler<TouchCallPresence, int>
{
    public async ValueTask<int> Handle(TouchCallPresence command, CancellationToken cancellationToken)
    {
        if (command.Present.Count == 0)
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var ids = command.Present.Select(p => p.CallId).Distinct().ToArray();
        var calls = await db.Calls.Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        foreach (var (callId, userId) in command.Present)
        {
            calls.Find(c => c.Id == callId && c.IsLive)?.SeenParticipant(userId, now);
        }

        return calls.Count;
    }
}
