using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Staff;
using Digis.Domain.Streams;
using Digis.Domain.Subscriptions;
using Digis.Domain.Tips;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.RefundSpend;

public enum SpendKind
{
    Tip,
    Ticket,
    Call,

    /// <summary>A subscription charge: a period, or an upgrade's difference (SPEC §18).</summary>
    Subscription,
}

/// <summary>A refund done: the fan's balance and the creator's earnings after it.</summary>
public sealed record RefundDto(SpendKind Kind, Guid Id, long Amount, long FanBalance, EarningsFigures CreatorEarnings);

/// <summary>
/// Staff refund a tip, a ticket, what a call charged or a subscription charge, once: from the show's escrow for a ticket of a show not
/// yet ended, else from the creator's earnings (clearing first), refused when they cannot cover it. Audited: the reason goes to the audit log only.
/// </summary>
public sealed record RefundSpend(StaffContext Staff, SpendKind Kind, Guid Id, string? Reason) : ICommand<RefundDto>;

public sealed class RefundSpendHandler(IDigisDbContext db, IRowLocks locks, SpendRefunds refunds, TimeProvider clock)
    : ICommandHandler<RefundSpend, RefundDto>
{
    /// <summary>What the fan's and the creator's statements say of a staff refund, whatever the staff's reason.</summary>
    public const string UserMemo = "refund by support";

    public async ValueTask<RefundDto> Handle(RefundSpend command, CancellationToken cancellationToken)
    {
        StaffAction.CheckReason("reason", command.Reason, required: true);

        // The spend's row first, locked: a concurrent refund of it (staff, or its show's cancel) waits, then finds it refunded.
        IRefundableSpend spend;
        Guid creatorId;
        var source = RefundSource.Earnings;
        switch (command.Kind)
        {
            case SpendKind.Tip:
                var tip = await LockAsync<Tip>(command.Id, cancellationToken);
                (spend, creatorId) = (tip, tip.CreatorId);
                break;
            case SpendKind.Ticket:
                // Its show first, as a cancel or the show's end locks it: the escrow is released or refunded from
                // under that lock, so the ticket comes from the escrow exactly while the show has not ended.
                var streamId = await db.Tickets.AsNoTracking().Where(t => t.Id == command.Id).Select(t => (Guid?)t.StreamId).SingleOrDefaultAsync(cancellationToken)
                    ?? throw new NotFoundException("The ticket");
                var stream = await LockAsync<LiveStream>(streamId, cancellationToken);
                spend = await LockAsync<Ticket>(command.Id, cancellationToken);
                creatorId = stream.CreatorId;
                if (stream.Status is StreamStatus.Scheduled or StreamStatus.Live)
                {
                    source = RefundSource.EscrowOf(stream.Id);
                }

                break;
            case SpendKind.Subscription:
                var charge = await LockAsync<SubscriptionCharge>(command.Id, cancellationToken);
                (spend, creatorId) = (charge, charge.CreatorId);
                break;
            default:
                var call = await LockAsync<Call>(command.Id, cancellationToken);
                (spend, creatorId) = (call, call.CreatorId);
                break;
        }

        // The reason stays in the audit log; both statements show a neutral memo.
        var posted = await refunds.RefundAsync(creatorId, [spend], source, UserMemo, cancellationToken);
        db.StaffActions.Add(StaffAction.Record(
            command.Staff, $"refund.{command.Kind.ToString().ToLowerInvariant()}", $"{command.Kind} {command.Id}: {spend.Charged} tokens", command.Reason, clock.GetUtcNow()));
        return new RefundDto(command.Kind, command.Id, spend.Charged.Value, posted.BalanceOfUser(spend.FanId), posted.EarningsOf(creatorId));
    }

    private async Task<T> LockAsync<T>(Guid id, CancellationToken cancellationToken)
        where T : class =>
        await locks.LockAsync<T>(id, cancellationToken) ?? throw new NotFoundException($"The {typeof(T).Name.ToLowerInvariant()}");
}
