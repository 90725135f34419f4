using Digis.Application.Common.Interfaces;
using Mediator;

namespace Digis.Application.Operations.ExpireIdempotencyKeys;

/// <summary>
/// Deletes up to <paramref name="Limit"/> Idempotency-Keys past their 24 h (SPEC §3: a repeat is answered from its key
/// within 24 h; after that the key is free, and its stored response is only weight). Housekeeping sends it until a
/// batch comes back short (docs/decisions/0114-idempotency-keys-expire.md).
/// </summary>
public sealed record ExpireIdempotencyKeys(int Limit = 1_000) : ICommand<int>;

public sealed class ExpireIdempotencyKeysHandler(IIdempotencyStore keys) : ICommandHandler<ExpireIdempotencyKeys, int>
{
    public async ValueTask<int> Handle(ExpireIdempotencyKeys command, CancellationToken cancellationToken) =>
        await keys.DeleteExpiredAsync(command.Limit, cancellationToken);
}
