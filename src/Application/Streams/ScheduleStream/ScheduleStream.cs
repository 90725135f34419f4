using Digis.Application.Common;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Streams;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Digis.Application.Streams.ScheduleStream;

/// <summary>
/// A creator schedules a show; with a ticket price it is ticketed, else public, or for the creator's subscribers
/// (<see cref="StreamAudience.Subscribers"/>, no price). A ticketed show gets its escrow.
/// </summary>
public sealed record ScheduleStream(
    Guid CallerId, string? Title, string? Description, string? Category, long? TicketPrice, StreamAudience Audience = StreamAudience.Everyone)
    : ICommand<StreamDto>;

public sealed class ScheduleStreamHandler(IDigisDbContext db, ILedger ledger, TimeProvider clock) : ICommandHandler<ScheduleStream, StreamDto>
{
    public async ValueTask<StreamDto> Handle(ScheduleStream command, CancellationToken cancellationToken)
    {
        await CreatorGuard.RequireCreatorAsync(db, command.CallerId, cancellationToken);
        var stream = LiveStream.Schedule(
            command.CallerId, command.Title ?? "", command.Description, command.Category, command.TicketPrice, clock.GetUtcNow(), command.Audience);
        db.Streams.Add(stream);
        if (stream.TicketPrice is not null)
        {
            await ledger.OpenAsync([Account.OpenEscrow(stream.Id, stream.CreatorId)], cancellationToken);
        }

        return StreamDto.From(stream);
    }
}
