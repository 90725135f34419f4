using Digis.Application.Calls;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Domain.Streams;
using Digis.Domain.Users;
using Mediator;

namespace Digis.Application.Creators.ListCreators;

/// <summary>The creator directory (SPEC §13): provisioned creators in id order; <c>live</c> true = live now, false = not live.</summary>
public sealed record ListCreators(bool? Live, PageRequest Page) : IQuery<Page<CreatorListItemDto>>;

public sealed record CreatorListItemDto(Guid Id, string DisplayName, Guid? LiveStreamId, CallSettingsDto? CallSettings);

public sealed class ListCreatorsHandler(IDigisDbContext db) : IQueryHandler<ListCreators, Page<CreatorListItemDto>>
{
    public async ValueTask<Page<CreatorListItemDto>> Handle(ListCreators query, CancellationToken cancellationToken)
    {
        var creators = db.Users.Where(u => u.Role == UserRole.Creator);
        if (query.Live is { } live)
        {
            creators = creators.Where(u => db.Streams.Any(s => s.CreatorId == u.Id && s.Status == StreamStatus.Live) == live);
        }

        var rows = creators.Select(u => new
        {
            u.Id,
            u.DisplayName,
            LiveStreamId = db.Streams
                .Where(s => s.CreatorId == u.Id && s.Status == StreamStatus.Live)
                .OrderByDescending(s => s.Id)
                .Select(s => (Guid?)s.Id)
                .FirstOrDefault(),
            Settings = db.CallSettings.FirstOrDefault(c => c.CreatorId == u.Id),
        });
        return await rows.ToPageByIdOldestFirstAsync(
            r => r.Id,
            query.Page,
            r => new CreatorListItemDto(
                r.Id,
                r.DisplayName,
                r.LiveStreamId,
                r.Settings is null ? null : new CallSettingsDto(r.Settings.RatePerMinute.Value, r.Settings.Available)),
            cancellationToken);
    }
}
