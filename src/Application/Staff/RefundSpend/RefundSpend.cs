using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Staff;
using Digis.Domain.Streams;
using Digis.Domain.Tips;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Staff.RefundSpend;

public enum SpendKind
{
    Tip,
    Ticket,
    Call,
}

public sealed record RefundDto(SpendKind Kind, Guid Id, long Amount, long FanBalance, long CreatorBalance);

/// <summary>
/// Staff refund a tip, a ticket or what a call charged: a reversing transfer from the creator to the fan,
/// once; refused when the creator's balance cannot cover it. Audited: the reason goes to the audit log only.
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
        switch (command.Kind)
        {
            case SpendKind.Tip:
                var tip = await LockAsync<Tip>(command.Id, cancellationToken);
                (spend, creatorId) = (tip, tip.CreatorId);
                break;
            case SpendKind.Ticket:
                var ticket = await LockAsync<Ticket>(command.Id, cancellationToken);
                creatorId = await db.Streams.AsNoTracking().Where(s => s.Id == ticket.StreamId).Select(s => s.CreatorId).SingleAsync(cancellationToken);
                spend = ticket;
                break;
            default:
                var call = await LockAsync<Call>(command.Id, cancellationToken);
                (spend, creatorId) = (call, call.CreatorId);
                break;
        }

        // The reason stays in the audit log; both statements show a neutral memo.
        var posted = await refunds.RefundAsync(creatorId, [spend], UserMemo, cancellationToken);
        db.StaffActions.Add(StaffAction.Record(
            command.Staff, $"refund.{command.Kind.ToString().ToLowerInvariant()}", $"{command.Kind} {command.Id}: {spend.Charged} tokens", command.Reason, clock.GetUtcNow()));
        return new RefundDto(command.Kind, command.Id, spend.Charged.Value, posted.BalanceOfUser(spend.FanId), posted.BalanceOfUser(creatorId));
    }

    private async Task<T> LockAsync<T>(Guid id, CancellationToken cancellationToken)
        where T : class =>
        await locks.LockAsync<T>(id, cancellationToken) ?? throw new NotFoundException($"The {typeof(T).Name.ToLowerInvariant()}");
}
