using System.Text.Json.Serialization;
using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Application.Limits;
using Digis.Application.Wallets;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Calls.RequestCall;

/// <summary>
/// A fan asks a creator for a call at the creator's current rate (fixed from now on). Refused with 409
/// when the creator is unavailable or in a live call, or the fan already has an open call; 402 when the
/// fan cannot pay one block, 403 <c>limit-reached</c> when one block would cross the fan's spending limit. Open calls
/// are also unique per fan and live calls per creator in the database; 429 <c>rate-limited</c> while the fan is blocked
/// for calls whose media never connected (SPEC §17, <see cref="MediaFailureLimit"/>). The creator hears <c>callRequested</c>.
/// </summary>
public sealed record RequestCall(Guid CallerId, Guid CreatorId, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<CallDto>, IIdempotentCommand;

public sealed class RequestCallHandler(
    IDigisDbContext db, WalletReader wallets, CallEvents events, FanSpendingLimits limits, IPostCommitActions afterCommit, ILiveNotifier live, IOptions<CallsOptions> options, TimeProvider clock)
    : ICommandHandler<RequestCall, CallDto>
{
    public async ValueTask<CallDto> Handle(RequestCall command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        Rule.Check(new CannotCallYourselfRule(command.CallerId, command.CreatorId));

        var failuresSince = now - MediaFailureLimit.LookBack;
        var mediaFailures = await db.Calls.AsNoTracking()
            .Where(c => c.FanId == command.CallerId && c.EndReason == CallEndReason.MediaFailed && c.EndedAt > failuresSince)
            .Select(c => c.EndedAt!.Value)
            .ToListAsync(cancellationToken);
        Rule.Check(new RepeatedMediaFailuresBlockCallRequestsRule(MediaFailureLimit.BlockedUntil(mediaFailures, now), now));

        if (!await db.Users.AsNoTracking().AnyAsync(u => u.Id == command.CreatorId && u.Role == UserRole.Creator, cancellationToken))
        {
            throw new NotFoundException("The creator");
        }

        var fanName = await db.Users.AsNoTracking().Where(u => u.Id == command.CallerId).Select(u => u.DisplayName).SingleAsync(cancellationToken);

        var settings = await db.CallSettings.AsNoTracking().SingleOrDefaultAsync(s => s.CreatorId == command.CreatorId, cancellationToken);
        Rule.Check(new CreatorMustTakeCallsRule(settings));
        Rule.Check(new CreatorMustBeFreeRule(await db.Calls.AnyAsync(
            c => c.CreatorId == command.CreatorId && (c.Status == CallStatus.Active || c.Status == CallStatus.Paused), cancellationToken)));
        Rule.Check(new OneOpenCallPerFanRule(await db.Calls.AnyAsync(
            c => c.FanId == command.CallerId && (c.Status == CallStatus.Requested || c.Status == CallStatus.Active || c.Status == CallStatus.Paused),
            cancellationToken)));

        var call = Call.Request(command.CallerId, command.CreatorId, settings!.RatePerMinute, now);
        var wallet = await wallets.SpendingWalletAsync(command.CallerId, cancellationToken);
        Rule.Check(new SpendingNeedsNoDebtRule(wallet.Debt));
        Rule.Check(new WalletBalanceCannotGoNegativeRule(new Tokens(wallet.Balance), call.BlockCost));
        await limits.CheckAsync(command.CallerId, call.BlockCost, now, cancellationToken); // a first look; each block is checked when charged

        db.Calls.Add(call);
        await events.QueueAsync([call], null, cancellationToken);
        var requested = new CallRequestedEvent(
            call.Id, call.FanId, fanName, call.RatePerMinute.Value, call.BlockCost.Value, call.RequestedAt, call.RequestedAt + options.Value.Timeouts.Request);
        afterCommit.Add(ct => live.CallRequestedAsync(call.CreatorId, requested, ct));
        return CallDto.From(call, now);
    }
}
