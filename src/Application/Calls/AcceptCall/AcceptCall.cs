using System.Text.Json.Serialization;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Mediator;

namespace Digis.Application.Calls.AcceptCall;

/// <summary>What accepting did: the call, and when the fan could not pay block 0, the shortfall (402).</summary>
public sealed record AcceptOutcome(CallDto Call, long? Balance, long? Required)
{
    public bool FanCouldNotPay => Required is not null;
}

/// <summary>The creator accepts: the call goes active and block 0 is charged at once; a fan who cannot pay ends it.</summary>
public sealed record AcceptCall(Guid CallerId, Guid CallId, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<AcceptOutcome>, IIdempotentCommand;

public sealed class AcceptCallHandler(IDigisDbContext db, CallLoader calls, CallBilling billing, CallEvents events, TimeProvider clock)
    : ICommandHandler<AcceptCall, AcceptOutcome>
{
    public async ValueTask<AcceptOutcome> Handle(AcceptCall command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var call = await calls.LockForParticipantAsync(command.CallId, command.CallerId, cancellationToken);
        if (call.CreatorId != command.CallerId)
        {
            throw new ForbiddenException("Only the creator accepts a call.");
        }

        call.Accept(now);
        var result = await billing.ChargeDueBlocksAsync([call], now, cancellationToken);
        db.CallBlocks.AddRange(result.Blocks);
        await events.QueueAsync([call], result.Balances, cancellationToken);
        var dto = CallDto.From(call, now);
        return result.ShortOf.TryGetValue(call.Id, out var shortfall)
            ? new AcceptOutcome(dto, shortfall.Balance, shortfall.Required)
            : new AcceptOutcome(dto, null, null);
    }
}
