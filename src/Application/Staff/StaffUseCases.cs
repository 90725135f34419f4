using Digis.Application.Calls;
using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Application.Common.Paging;
using Digis.Application.Payouts;
using Digis.Application.Wallets;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Staff;
using Digis.Domain.Streams;
using Digis.Domain.Tips;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Staff;

public sealed record UserSummaryDto(Guid Id, string DisplayName, UserRole Role, long Balance, DateTimeOffset CreatedAt);

/// <summary>Users by id, or by a part of their display name (case-insensitive), at most 50.</summary>
public sealed record SearchUsers(string? Query) : IQuery<IReadOnlyList<UserSummaryDto>>;

public sealed class SearchUsersHandler(IDigisDbContext db) : IQueryHandler<SearchUsers, IReadOnlyList<UserSummaryDto>>
{
    public async ValueTask<IReadOnlyList<UserSummaryDto>> Handle(SearchUsers query, CancellationToken cancellationToken)
    {
        var text = (query.Query ?? "").Trim();
        if (text.Length == 0)
        {
            return [];
        }

        var users = db.Users.AsNoTracking();
        users = Guid.TryParse(text, out var id)
            ? users.Where(u => u.Id == id)
            : users.Where(u => u.DisplayName.ToLower().Contains(text.ToLower()));
        return await users
            .OrderBy(u => u.DisplayName)
            .Take(50)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new { u.Id, u.DisplayName, u.Role, a.Balance, u.CreatedAt })
            .Select(r => new UserSummaryDto(r.Id, r.DisplayName, r.Role, r.Balance.Value, r.CreatedAt))
            .ToListAsync(cancellationToken);
    }
}

public sealed record TicketSummaryDto(Guid Id, Guid StreamId, long Price, DateTimeOffset CreatedAt, DateTimeOffset? RefundedAt);

public sealed record TipSummaryDto(Guid Id, Guid FanId, Guid CreatorId, long Amount, string? Message, DateTimeOffset CreatedAt, DateTimeOffset? RefundedAt);

public sealed record UserDetailDto(
    UserSummaryDto User,
    WalletDto Wallet,
    IReadOnlyList<CallDto> Calls,
    IReadOnlyList<TicketSummaryDto> Tickets,
    IReadOnlyList<TipSummaryDto> Tips,
    IReadOnlyList<CashoutDto> Cashouts);

/// <summary>Everything support needs on one user: wallet and lifetime figures, recent calls, tickets, tips and cash-outs.</summary>
public sealed record GetUserDetail(Guid UserId) : IQuery<UserDetailDto>;

public sealed class GetUserDetailHandler(IDigisDbContext db, TimeProvider clock) : IQueryHandler<GetUserDetail, UserDetailDto>
{
    private const int Recent = 20;

    public async ValueTask<UserDetailDto> Handle(GetUserDetail query, CancellationToken cancellationToken)
    {
        var row = await db.Users.AsNoTracking().Where(u => u.Id == query.UserId)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => new { User = u, Wallet = a })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The user");
        var id = query.UserId;
        var now = clock.GetUtcNow();
        var calls = await db.Calls.AsNoTracking().Where(c => c.FanId == id || c.CreatorId == id)
            .OrderByDescending(c => c.RequestedAt).Take(Recent).ToListAsync(cancellationToken);
        var tickets = await db.Tickets.AsNoTracking().Where(t => t.FanId == id)
            .OrderByDescending(t => t.CreatedAt).Take(Recent).ToListAsync(cancellationToken);
        var tips = await db.Tips.AsNoTracking().Where(t => t.FanId == id || t.CreatorId == id)
            .OrderByDescending(t => t.CreatedAt).Take(Recent).ToListAsync(cancellationToken);
        var cashouts = await db.Cashouts.AsNoTracking().Where(c => c.CreatorId == id)
            .OrderByDescending(c => c.CreatedAt).Take(Recent).ToListAsync(cancellationToken);
        return new UserDetailDto(
            new UserSummaryDto(row.User.Id, row.User.DisplayName, row.User.Role, row.Wallet.Balance.Value, row.User.CreatedAt),
            WalletDto.From(row.Wallet, row.User.Role),
            calls.Select(c => CallDto.From(c, now)).ToList(),
            tickets.Select(t => new TicketSummaryDto(t.Id, t.StreamId, t.Price.Value, t.CreatedAt, t.RefundedAt)).ToList(),
            tips.Select(t => new TipSummaryDto(t.Id, t.FanId, t.CreatorId, t.Amount.Value, t.Message, t.CreatedAt, t.RefundedAt)).ToList(),
            cashouts.Select(CashoutDto.From).ToList());
    }
}

public sealed record AdjustmentDto(Guid Id, Guid UserId, long Amount, long Balance);

/// <summary>
/// Staff credit or debit a wallet against the <c>adjustments</c> account: reason of at least 10
/// characters, support staff up to <c>Admin:SupportAdjustmentLimit</c>, a debit never below zero. Audited.
/// <paramref name="AdjustmentId"/> is chosen when the adjustment is reviewed: confirming it twice (a double
/// click, a resubmitted form) moves the tokens once.
/// </summary>
public sealed record AdjustWallet(StaffContext Staff, Guid AdjustmentId, Guid UserId, bool Credit, long Amount, string? Reason, string? Reference)
    : ICommand<AdjustmentDto>;

public sealed class AdjustWalletHandler(IDigisDbContext db, LedgerPoster ledger, IOptions<AdminOptions> options, TimeProvider clock)
    : ICommandHandler<AdjustWallet, AdjustmentDto>
{
    public async ValueTask<AdjustmentDto> Handle(AdjustWallet command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var amount = Tokens.Positive(command.Amount);
        Rule.Check(new StaffReasonRequiredRule(command.Reason));
        Rule.Check(new PlainTextRule("reason", command.Reason, multiline: true));
        Rule.Check(new PlainTextRule("reference", command.Reference));
        Rule.Check(new SupportAdjustmentLimitRule(command.Staff, command.Amount, options.Value.SupportAdjustmentLimit));
        if (command.AdjustmentId == Guid.Empty)
        {
            throw new ValidationException("adjustmentId", "An adjustment needs its id from the review step.");
        }

        var walletId = await db.WalletOf(command.UserId).Select(a => (Guid?)a.Id).SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The user");
        var (from, to) = command.Credit ? (Account.AdjustmentsId, walletId) : (walletId, Account.AdjustmentsId);
        var signed = command.Credit ? amount.Value : -amount.Value;

        // The wallet lock serializes confirmations of one adjustment; under it, one already posted is answered, not repeated.
        var wallet = (await ledger.LockAsync([walletId], cancellationToken))[walletId];
        if (await db.Transfers.AnyAsync(t => t.ReferenceId == command.AdjustmentId && t.Kind == TransferKind.Adjustment, cancellationToken))
        {
            return new AdjustmentDto(command.AdjustmentId, command.UserId, signed, wallet.Balance);
        }

        var memo = string.IsNullOrWhiteSpace(command.Reference) ? command.Reason!.Trim() : $"{command.Reason!.Trim()} (ref {command.Reference.Trim()})";
        var posted = await ledger.PostAsync(
            new Posting(from, to, amount, TransferKind.Adjustment, command.AdjustmentId, memo[..Math.Min(memo.Length, 500)]), cancellationToken);
        db.StaffActions.Add(StaffAction.Record(
            command.Staff, command.Credit ? "wallet.credit" : "wallet.debit", $"user {command.UserId}: {amount} tokens", memo, now));
        return new AdjustmentDto(command.AdjustmentId, command.UserId, signed, posted.BalanceOf(walletId));
    }
}

public enum SpendKind
{
    Tip,
    Ticket,
    Call,
}

public sealed record RefundDto(SpendKind Kind, Guid Id, long Amount, long FanBalance, long CreatorBalance);

/// <summary>
/// Staff refund a tip, a ticket or what a call charged: a reversing transfer from the creator to the fan,
/// once; refused when the creator's balance cannot cover it. Audited.
/// </summary>
public sealed record RefundSpend(StaffContext Staff, SpendKind Kind, Guid Id, string? Reason) : ICommand<RefundDto>;

public sealed class RefundSpendHandler(IDigisDbContext db, IRowLocks locks, SpendRefunds refunds, TimeProvider clock)
    : ICommandHandler<RefundSpend, RefundDto>
{
    public async ValueTask<RefundDto> Handle(RefundSpend command, CancellationToken cancellationToken)
    {
        Rule.Check(new StaffReasonRequiredRule(command.Reason));
        Rule.Check(new PlainTextRule("reason", command.Reason, multiline: true));

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

        var posted = await refunds.RefundAsync(creatorId, [spend], command.Reason!.Trim(), cancellationToken);
        db.StaffActions.Add(StaffAction.Record(
            command.Staff, $"refund.{command.Kind.ToString().ToLowerInvariant()}", $"{command.Kind} {command.Id}: {spend.Charged} tokens", command.Reason, clock.GetUtcNow()));
        return new RefundDto(command.Kind, command.Id, spend.Charged.Value, posted.BalanceOfUser(spend.FanId), posted.BalanceOfUser(creatorId));
    }

    private async Task<T> LockAsync<T>(Guid id, CancellationToken cancellationToken)
        where T : class =>
        await locks.LockAsync<T>(id, cancellationToken) ?? throw new NotFoundException($"The {typeof(T).Name.ToLowerInvariant()}");
}
