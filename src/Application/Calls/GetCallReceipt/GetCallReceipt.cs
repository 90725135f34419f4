using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls.GetCallReceipt;

public sealed record ReceiptBlockDto(int Index, DateTimeOffset ChargedAt, long Amount);

public sealed record CallReceiptDto(
    Guid CallId, long RatePerMinute, IReadOnlyList<ReceiptBlockDto> Blocks, long TotalCharged, long ActiveSeconds, long MediaSeconds);

/// <summary>
/// The call's receipt: every charged block, the billed (active) seconds and the seconds both sides' media was
/// connected (SPEC §17); the same figures for fan, creator and staff.
/// </summary>
public sealed record GetCallReceipt(Guid? CallerId, Guid CallId) : IQuery<CallReceiptDto>;

public sealed class GetCallReceiptHandler(IDigisDbContext db, CallLoader calls, TimeProvider clock) : IQueryHandler<GetCallReceipt, CallReceiptDto>
{
    public async ValueTask<CallReceiptDto> Handle(GetCallReceipt query, CancellationToken cancellationToken)
    {
        var call = CallDto.From(await calls.ReadForAsync(query.CallerId, query.CallId, cancellationToken), clock.GetUtcNow());
        var blocks = await db.CallBlocks.AsNoTracking()
            .Where(b => b.CallId == call.Id)
            .OrderBy(b => b.Index)
            .ToListAsync(cancellationToken);
        return new CallReceiptDto(
            call.Id,
            call.RatePerMinute,
            blocks.Select(b => new ReceiptBlockDto(b.Index, b.ChargedAt, b.Amount.Value)).ToList(),
            blocks.Sum(b => b.Amount.Value),
            call.ActiveSeconds,
            call.MediaSeconds);
    }
}
