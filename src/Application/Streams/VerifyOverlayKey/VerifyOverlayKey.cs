using System.Security.Cryptography;
using System.Text;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.VerifyOverlayKey;

/// <summary>Whether <paramref name="Key"/> is the stream's overlay key (constant-time); unknown stream → not found.</summary>
public sealed record VerifyOverlayKey(Guid StreamId, string? Key) : IQuery<bool>;

public sealed class VerifyOverlayKeyHandler(IDigisDbContext db) : IQueryHandler<VerifyOverlayKey, bool>
{
    public async ValueTask<bool> Handle(VerifyOverlayKey query, CancellationToken cancellationToken)
    {
        var key = await db.Streams.AsNoTracking().Where(s => s.Id == query.StreamId).Select(s => s.OverlayKey)
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The stream");
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(query.Key ?? "")));
    }
}
