using System.Text.Json.Serialization;
using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Application.Common.Messaging;
using Digis.Application.Common.Paging;
using Digis.Domain.Ledger;
using Digis.Domain.Payouts;
using Digis.Domain.Staff;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payouts;

public sealed record CashoutDto(Guid Id, Guid CreatorId, long Tokens, long UsdCents, CashoutStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt)
{
    public static CashoutDto From(Cashout c) => new(c.Id, c.CreatorId, c.Tokens.Value, c.UsdCents.Value, c.Status, c.CreatedAt, c.DecidedAt);
}

/// <summary>A creator cashes out: at least <c>Payouts:MinimumTokens</c>, at most the balance; the tokens move to payouts-pending at once.</summary>
public sealed record RequestCashout(Guid CallerId, long Tokens, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<CashoutDto>, IIdempotentCommand;

public sealed class RequestCashoutHandler(IDigisDbContext db, LedgerPoster ledger, IOptions<PayoutsOptions> options, TimeProvider clock)
    : ICommandHandler<RequestCashout, CashoutDto>
{
    public async ValueTask<CashoutDto> Handle(RequestCashout command, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, command.CallerId, cancellationToken);
        var cashout = Cashout.Request(command.CallerId, command.Tokens, options.Value.MinimumTokens, clock.GetUtcNow());
        var wallet = await db.WalletOf(command.CallerId).Select(a => a.Id).SingleAsync(cancellationToken);
        await ledger.PostAsync(new Posting(wallet, Account.PayoutsPendingId, cashout.Tokens, TransferKind.Cashout, cashout.Id, "cash-out requested"), cancellationToken);
        db.Cashouts.Add(cashout);
        return CashoutDto.From(cashout);
    }
}

/// <summary>Cash-outs newest first: a creator's own, or (staff, <c>CreatorId</c> null) everyone's, optionally by status.</summary>
public sealed record ListCashouts(Guid? CreatorId, CashoutStatus? Status, PageRequest Page) : IQuery<Page<CashoutDto>>;

public sealed class ListCashoutsHandler(IDigisDbContext db) : IQueryHandler<ListCashouts, Page<CashoutDto>>
{
    public async ValueTask<Page<CashoutDto>> Handle(ListCashouts query, CancellationToken cancellationToken)
    {
        var cashouts = db.Cashouts.AsNoTracking();
        if (query.CreatorId is { } creatorId)
        {
            cashouts = cashouts.Where(c => c.CreatorId == creatorId);
        }

        if (query.Status is { } status)
        {
            cashouts = cashouts.Where(c => c.Status == status);
        }

        return await cashouts.ToPageByIdAsync(c => c.Id, query.Page, CashoutDto.From, cancellationToken);
    }
}

/// <summary>
/// Staff pay a pending cash-out (payouts-pending → payouts-settled) or reject it (the tokens go back to the
/// wallet, and out of its lifetime cashed-out figure). Audited.
/// </summary>
public sealed record DecideCashout(StaffContext Staff, Guid CashoutId, bool Approve, string? Note) : ICommand<CashoutDto>;

public sealed class DecideCashoutHandler(IDigisDbContext db, IRowLocks locks, LedgerPoster ledger, TimeProvider clock)
    : ICommandHandler<DecideCashout, CashoutDto>
{
    public async ValueTask<CashoutDto> Handle(DecideCashout command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cashout = await locks.LockAsync<Cashout>(command.CashoutId, cancellationToken) ?? throw new NotFoundException("The cash-out");
        if (command.Approve)
        {
            cashout.MarkPaid(command.Staff.Name, now);
            await ledger.PostAsync(
                new Posting(Account.PayoutsPendingId, Account.PayoutsSettledId, cashout.Tokens, TransferKind.CashoutSettlement, cashout.Id, "cash-out paid"),
                cancellationToken);
        }
        else
        {
            cashout.Reject(command.Staff.Name, command.Note, now);
            var walletId = await db.WalletOf(cashout.CreatorId).Select(a => a.Id).SingleAsync(cancellationToken);
            await ledger.PostAsync(
                new Posting(Account.PayoutsPendingId, walletId, cashout.Tokens, TransferKind.CashoutReversal, cashout.Id, "cash-out rejected"), cancellationToken);
        }

        db.StaffActions.Add(StaffAction.Record(
            command.Staff, command.Approve ? "cashout.approve" : "cashout.reject", $"cashout {cashout.Id}", command.Note, now));
        return CashoutDto.From(cashout);
    }
}
