using System.Text.Json.Serialization;
using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Mediator;

namespace Digis.Application.Payouts.RequestCashout;

/// <summary>
/// A creator cashes out cleared earnings: at least <c>Payouts:MinimumTokens</c>, at most what is cashable (SPEC §11),
/// with an enabled payout account and no debt (SPEC §16); approved at once within the automatic policy, else it waits
/// for two admins. The tokens move to payouts-pending at once.
/// </summary>
public sealed record RequestCashout(Guid CallerId, long Tokens, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<CashoutDto>, IIdempotentCommand;

public sealed class RequestCashoutHandler(IDigisDbContext db, CashoutRequests cashouts) : ICommandHandler<RequestCashout, CashoutDto>
{
    public async ValueTask<CashoutDto> Handle(RequestCashout command, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, command.CallerId, cancellationToken);
        return CashoutDto.From((await cashouts.RequestAsync(command.CallerId, command.Tokens, 0, cancellationToken))!);
    }
}
