using Mediator;

namespace Digis.Application.Calls.GetCall;

/// <summary>A call's details, for its participants and staff (<paramref name="CallerId"/> null = staff).</summary>
public sealed record GetCall(Guid? CallerId, Guid CallId) : IQuery<CallDto>;

public sealed class GetCallHandler(CallLoader calls, TimeProvider clock) : IQueryHandler<GetCall, CallDto>
{
    public async ValueTask<CallDto> Handle(GetCall query, CancellationToken cancellationToken) =>
        CallDto.From(await calls.ReadForAsync(query.CallerId, query.CallId, cancellationToken), clock.GetUtcNow());
}
