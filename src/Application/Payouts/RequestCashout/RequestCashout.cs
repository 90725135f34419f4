using System.Text.Json.Serialization;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Application.Ledger;
using Digis.Application.Wallets;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payouts.RequestCashout;

/// <summary>
/// A creator cashes out cleared earnings: at least <c>Payouts:MinimumTokens</c>, at most what is cashable (SPEC §11);
/// the tokens move to payouts-pending at once. A creator whose wallet owes tokens for a charge taken back cashes out
/// nothing until it is repaid (SPEC §16, §19: 402 with the <c>debt</c>).
/// </summary>
public sealed record RequestCashout(Guid CallerId, long Tokens, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<CashoutDto>, IIdempotentCommand;

public sealed class RequestCashoutHandler(
    IDigisDbContext db, CreatorEarnings earnings, WalletReader wallets, ILedger ledger, IOptions<PayoutsOptions> options, TimeProvider clock)
    : ICommandHandler<RequestCashout, CashoutDto>
{
    public async ValueTask<CashoutDto> Handle(RequestCashout command, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, command.CallerId, cancellationToken);
        // The earnings locked first (with payouts-pending, which the posting also touches, and the wallet, under whose
        // lock a debt appears): the cash-out is decided from the debt and what has cleared, before it is priced in cents.
        var draw = await earnings.LockAsync([command.CallerId], cancellationToken, alsoLock: [Account.PayoutsPendingId], walletsOf: [command.CallerId]);
        Rule.Check(new SpendingNeedsNoDebtRule((await wallets.SpendingWalletAsync(command.CallerId, cancellationToken)).Debt));
        var cashout = Cashout.Request(
            command.CallerId, command.Tokens, options.Value.MinimumTokens, new Tokens(draw.Cashable(command.CallerId)), clock.GetUtcNow());
        await ledger.PostAsync(
            [
                .. draw.Settlements,
                draw.TakeCashable(command.CallerId, Account.PayoutsPendingId, cashout.Tokens, TransferKind.Cashout, cashout.Id, "cash-out requested"),
            ],
            cancellationToken);
        db.Cashouts.Add(cashout);
        return CashoutDto.From(cashout);
    }
}
