using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Streams;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls.GetCreator;

public sealed record CreatorDto(Guid Id, string DisplayName, CallSettingsDto? CallSettings, Guid? LiveStreamId);

/// <summary>A creator's public profile: call terms and the stream they are live in, if any.</summary>
public sealed record GetCreator(Guid CreatorId) : IQuery<CreatorDto>;

public sealed class GetCreatorHandler(IDigisDbContext db) : IQueryHandler<GetCreator, CreatorDto>
{
    public async ValueTask<CreatorDto> Handle(GetCreator query, CancellationToken cancellationToken)
    {
        var creator = await db.Users.AsNoTracking()
            .Where(u => u.Id == query.CreatorId && u.Role == UserRole.Creator)
            .Select(u => new { u.Id, u.DisplayName })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The creator");
        var settings = await db.CallSettings.AsNoTracking().SingleOrDefaultAsync(s => s.CreatorId == creator.Id, cancellationToken);
        var liveStreamId = await db.Streams.AsNoTracking()
            .Where(s => s.CreatorId == creator.Id && s.Status == StreamStatus.Live)
            .OrderByDescending(s => s.Id)
            .Select(s => (Guid?)s.Id)
            .FirstOrDefaultAsync(cancellationToken);
        return new CreatorDto(
            creator.Id,
            creator.DisplayName,
            settings is null ? null : new CallSettingsDto(settings.RatePerMinute.Value, settings.Available),
            liveStreamId);
    }
}
