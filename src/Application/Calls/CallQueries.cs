using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls;

/// <summary>A call's details, for its participants and staff (<paramref name="CallerId"/> null = staff).</summary>
public sealed record GetCall(Guid? CallerId, Guid CallId) : IQuery<CallDto>;

public sealed class GetCallHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<GetCall, CallDto>
{
    public async ValueTask<CallDto> Handle(GetCall query, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().SingleOrDefaultAsync(c => c.Id == query.CallId, cancellationToken);
        return call is not null && (query.CallerId is not { } caller || call.IsParticipant(caller))
            ? CallDto.From(call, clock.GetUtcNow())
            : throw new NotFoundException("The call");
    }
}

/// <summary>The call's receipt: every charged block; the same figures for fan, creator and staff.</summary>
public sealed record GetCallReceipt(Guid? CallerId, Guid CallId) : IQuery<CallReceiptDto>;

public sealed class GetCallReceiptHandler(IDigisDbContext db, IMediator mediator) : IQueryHandler<GetCallReceipt, CallReceiptDto>
{
    public async ValueTask<CallReceiptDto> Handle(GetCallReceipt query, CancellationToken cancellationToken)
    {
        var call = await mediator.Send(new GetCall(query.CallerId, query.CallId), cancellationToken);
        var blocks = await db.CallBlocks.AsNoTracking()
            .Where(b => b.CallId == call.Id)
            .OrderBy(b => b.Index)
            .ToListAsync(cancellationToken);
        return new CallReceiptDto(
            call.Id,
            call.RatePerMinute,
            blocks.Select(b => new ReceiptBlockDto(b.Index, b.ChargedAt, b.Amount.Value)).ToList(),
            blocks.Sum(b => b.Amount.Value),
            call.ActiveSeconds);
    }
}

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
