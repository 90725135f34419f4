using Digis.Application.Common.Interfaces;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams;

public static class TicketQueries
{
    /// <summary>Whether the fan holds a valid (unrefunded) ticket to the stream.</summary>
    public static Task<bool> HasTicketAsync(this IDigisDbContext db, Guid streamId, Guid fanId, CancellationToken cancellationToken) =>
        db.Tickets.AnyAsync(t => t.StreamId == streamId && t.FanId == fanId && t.RefundedAt == null, cancellationToken);
}
