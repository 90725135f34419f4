using System.Text.Json.Serialization;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Ledger;
using Digis.Application.Common.Messaging;
using Digis.Domain.Ledger;
using Digis.Domain.Payouts;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Payouts.RequestCashout;

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
