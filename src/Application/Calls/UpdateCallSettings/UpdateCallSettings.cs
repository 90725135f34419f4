using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Domain.Calls;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Calls.UpdateCallSettings;

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
