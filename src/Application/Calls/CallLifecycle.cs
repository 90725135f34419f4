using System.Text.Json.Serialization;
using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Application.Common.Messaging;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Calls;

/// <summary>
/// A fan asks a creator for a call at the creator's current rate (fixed from now on). Refused with 409
/// when the creator is unavailable or in a live call, or the fan already has an open call; 402 when the
/// fan cannot pay one block. Open calls are also unique per fan and live calls per creator in the database.
/// </summary>
public sealed record RequestCall(Guid CallerId, Guid CreatorId, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<CallDto>, IIdempotentCommand;

public sealed class RequestCallHandler(IDigisDbContext db, CallEvents events, TimeProvider clock) : ICommandHandler<RequestCall, CallDto>
{
    public async ValueTask<CallDto> Handle(RequestCall command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (command.CreatorId == command.CallerId)
        {
            throw new ValidationException("creatorId", "You cannot call yourself.");
        }

        if (!await db.Users.AsNoTracking().AnyAsync(u => u.Id == command.CreatorId && u.Role == UserRole.Creator, cancellationToken))
        {
            throw new NotFoundException("The creator");
        }

        var settings = await db.CallSettings.AsNoTracking().SingleOrDefaultAsync(s => s.CreatorId == command.CreatorId, cancellationToken);
        if (settings is not { Available: true })
        {
            throw new ConflictException("The creator is not taking calls.");
        }

        if (await db.Calls.AnyAsync(c => c.CreatorId == command.CreatorId && (c.Status == CallStatus.Active || c.Status == CallStatus.Paused), cancellationToken))
        {
            throw new ConflictException("The creator is busy in another call.");
        }

        if (await db.Calls.AnyAsync(c => c.FanId == command.CallerId && (c.Status == CallStatus.Requested || c.Status == CallStatus.Active || c.Status == CallStatus.Paused), cancellationToken))
        {
            throw new ConflictException("You already have an open call.");
        }

        var call = Call.Request(command.CallerId, command.CreatorId, settings.RatePerMinute, now);
        var wallet = await db.WalletOf(command.CallerId).SingleAsync(cancellationToken);
        Rule.Check(new WalletBalanceCannotGoNegativeRule(wallet.Balance, call.BlockCost));

        db.Calls.Add(call);
        await events.QueueAsync([call], null, cancellationToken);
        return CallDto.From(call, now);
    }
}

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

public enum CallAction
{
    Decline,
    Cancel,
    End,
    Pause,
    Resume,
    Heartbeat,
}

/// <summary>A participant acts on a call. Every action is also a sign of life from that participant.</summary>
public sealed record ChangeCall(Guid CallerId, Guid CallId, CallAction Action) : ICommand<CallDto>;

public sealed class ChangeCallHandler(CallLoader calls, CallEvents events, TimeProvider clock) : ICommandHandler<ChangeCall, CallDto>
{
    public async ValueTask<CallDto> Handle(ChangeCall command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var call = await calls.LockForParticipantAsync(command.CallId, command.CallerId, cancellationToken);
        var isCreator = call.CreatorId == command.CallerId;
        var before = (call.Status, call.EndReason);
        if (call.IsLive || call.Status == CallStatus.Requested)
        {
            call.SeenParticipant(command.CallerId, now);
        }

        switch (command.Action)
        {
            case CallAction.Decline when !isCreator:
                throw new ForbiddenException("Only the creator declines a call.");
            case CallAction.Decline:
                call.Decline(now);
                break;
            case CallAction.Cancel when isCreator:
                throw new ForbiddenException("Only the fan cancels a request.");
            case CallAction.Cancel:
                call.Cancel(now);
                break;
            case CallAction.End:
                call.End(isCreator ? CallEndReason.CreatorEnded : CallEndReason.FanEnded, now);
                break;
            case CallAction.Pause:
                call.Pause(now);
                break;
            case CallAction.Resume:
                call.Resume(now);
                break;
            case CallAction.Heartbeat when call.IsOver:
                throw new ConflictException("The call is over.");
            case CallAction.Heartbeat:
                break;
        }

        if ((call.Status, call.EndReason) != before)
        {
            await events.QueueAsync([call], null, cancellationToken);
        }

        return CallDto.From(call, now);
    }
}

/// <summary>Staff end a live call (<c>staff-ended</c>); ending a call that is over changes nothing. Audited.</summary>
public sealed record EndCallByStaff(Domain.Staff.StaffContext Staff, Guid CallId, string? Reason) : ICommand<CallDto>;

public sealed class EndCallByStaffHandler(IDigisDbContext db, IRowLocks locks, CallEvents events, TimeProvider clock) : ICommandHandler<EndCallByStaff, CallDto>
{
    public async ValueTask<CallDto> Handle(EndCallByStaff command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var call = await locks.LockAsync<Call>(command.CallId, cancellationToken) ?? throw new NotFoundException("The call");
        db.StaffActions.Add(Domain.Staff.StaffAction.Record(command.Staff, "call.end", $"call {call.Id}", command.Reason, now));
        if (call.Status == CallStatus.Requested)
        {
            call.Decline(now);
            await events.QueueAsync([call], null, cancellationToken);
        }
        else if (call.End(CallEndReason.StaffEnded, now))
        {
            await events.QueueAsync([call], null, cancellationToken);
        }

        return CallDto.From(call, now);
    }
}

/// <summary>Loads a call for one of its participants; to anyone else it does not exist (404).</summary>
public sealed class CallLoader(IRowLocks locks)
{
    public async Task<Call> LockForParticipantAsync(Guid callId, Guid userId, CancellationToken cancellationToken)
    {
        var call = await locks.LockAsync<Call>(callId, cancellationToken);
        return call is not null && call.IsParticipant(userId) ? call : throw new NotFoundException("The call");
    }
}

/// <summary>
/// Charges the due blocks of calls whose rows the caller holds locked: locks every participant's wallet
/// in one ascending call, then per call charges block after block while the fan can pay, ending the call
/// <c>insufficient-funds</c> at the start of the first block the fan cannot pay; all the charges are one
/// posting. Shared by accept and the metering batch, so both charge the same way; each writes the
/// <see cref="Result.Blocks"/> it is given its own way.
/// </summary>
public sealed class CallBilling(LedgerPoster ledger)
{
    public sealed record Shortfall(long Balance, long Required);

    /// <summary>What a charge did, and the participants' balances by user after it.</summary>
    public sealed record Result(
        int BlocksCharged,
        int CallsEnded,
        IReadOnlyDictionary<Guid, long> Balances,
        IReadOnlyDictionary<Guid, Shortfall> ShortOf,
        IReadOnlyList<CallBlock> Blocks);

    public async Task<Result> ChargeDueBlocksAsync(IReadOnlyCollection<Call> calls, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = calls.Where(c => c.NextDueBlock(now) is not null).ToList();
        var shortOf = new Dictionary<Guid, Shortfall>();
        var blocks = new List<CallBlock>();
        if (due.Count == 0)
        {
            return new Result(0, 0, new Dictionary<Guid, long>(), shortOf, blocks);
        }

        var wallets = (await ledger.LockAsync([], cancellationToken, walletsOf: due.SelectMany(c => new[] { c.FanId, c.CreatorId }).ToHashSet()))
            .Values.ToDictionary(a => a.UserId!.Value);
        // What each wallet will hold once the blocks charged so far are posted: the ledger checks every posting
        // again, this only decides where a call that its fan cannot pay ends.
        var balances = wallets.ToDictionary(w => w.Key, w => w.Value.Balance);
        var postings = new List<Posting>();
        int ended = 0;
        foreach (var call in due)
        {
            while (call.NextDueBlock(now) is { } block)
            {
                if (new WalletBalanceCannotGoNegativeRule(new Tokens(balances[call.FanId]), call.BlockCost).IsBroken())
                {
                    shortOf[call.Id] = new Shortfall(balances[call.FanId], call.BlockCost.Value);
                    call.End(CallEndReason.InsufficientFunds, block.StartsAt);
                    ended++;
                    break;
                }

                postings.Add(new Posting(
                    wallets[call.FanId].AccountId, wallets[call.CreatorId].AccountId, call.BlockCost, TransferKind.CallBlock, call.Id, $"call block {block.Index}"));
                balances[call.FanId] -= call.BlockCost.Value;
                balances[call.CreatorId] += call.BlockCost.Value;
                blocks.Add(CallBlock.Charged(call, block));
                call.RecordBlockCharged(block);
            }
        }

        var posted = await ledger.PostAsync(postings, cancellationToken);
        foreach (var account in posted.Accounts)
        {
            balances[account.UserId!.Value] = account.Balance;
        }

        return new Result(blocks.Count, ended, balances, shortOf, blocks);
    }
}
