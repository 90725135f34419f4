using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Digis.Domain.Streams;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls;

/// <summary>A creator sets their call rate (even, 2..10,000 a minute) and whether they take calls.</summary>
public sealed record UpdateCallSettings(Guid CallerId, long RatePerMinute, bool Available) : ICommand<CallSettingsDto>;

public sealed class UpdateCallSettingsHandler(IDigisDbContext db, TimeProvider clock) : ICommandHandler<UpdateCallSettings, CallSettingsDto>
{
    public async ValueTask<CallSettingsDto> Handle(UpdateCallSettings command, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, command.CallerId, cancellationToken);
        var now = clock.GetUtcNow();
        var settings = await db.CallSettings.SingleOrDefaultAsync(s => s.CreatorId == command.CallerId, cancellationToken);
        if (settings is null)
        {
            settings = CallSettings.For(command.CallerId, command.RatePerMinute, command.Available, now);
            db.CallSettings.Add(settings);
        }
        else
        {
            settings.Change(command.RatePerMinute, command.Available, now);
        }

        return new CallSettingsDto(settings.RatePerMinute.Value, settings.Available);
    }
}

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
