using System.Text.Json.Serialization;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Mediator;

namespace Digis.Application.Calls.ReportCallMedia;

/// <summary>
/// A participant reports whether their media is connected (SPEC §17: <c>CallMediaState</c> on the hub or
/// <c>POST /api/calls/{id}/media</c>). The blocks started by now are charged first, as a pause does; then the
/// report applies: both sides connected for the first time starts billing and charges block 0 here (a fan who
/// cannot pay it ends the call <c>insufficient-funds</c>); a side that loses the media pauses billing; both
/// connected again resumes it. Each change of a side's state goes to the call's media timeline. Repeating a
/// report changes nothing, so a keyed retry and an unkeyed one alike never charge twice.
/// </summary>
public sealed record ReportCallMedia(Guid CallerId, Guid CallId, bool Connected, [property: JsonIgnore] string? IdempotencyKey = null)
    : ICommand<CallDto>, IIdempotentCommand;

public sealed class ReportCallMediaHandler(IDigisDbContext db, CallLoader calls, CallBilling billing, CallEvents events, TimeProvider clock)
    : ICommandHandler<ReportCallMedia, CallDto>
{
    public async ValueTask<CallDto> Handle(ReportCallMedia command, CancellationToken cancellationToken)
    {
        var call = await calls.LockForParticipantAsync(command.CallId, command.CallerId, cancellationToken);
        var now = clock.GetUtcNow(); // under the lock: the reports of one call get their times in the order they apply
        Rule.Check(new CallMustBeLiveRule(call.Status));

        var before = (call.Status, call.EndReason);
        var wasConnected = call.MediaConnectedOf(command.CallerId);
        var charged = new List<CallBilling.Result> { await billing.ChargeDueBlocksAsync([call], now, cancellationToken) };
        if (call.IsLive) // else the fan could not pay a block that had started: the call ended instead
        {
            var effect = call.ReportMedia(command.CallerId, command.Connected, now);
            if (wasConnected != command.Connected)
            {
                db.CallMediaEvents.Add(CallMediaEvent.Record(call, command.CallerId, command.Connected, effect, now));
            }

            charged.Add(await billing.ChargeDueBlocksAsync([call], now, cancellationToken));
        }

        db.CallBlocks.AddRange(charged.SelectMany(c => c.Blocks));
        if ((call.Status, call.EndReason) != before || charged.Any(c => c.BlocksCharged > 0))
        {
            // The later charge's balances are the newer ones.
            var balances = charged.SelectMany(c => c.Balances).GroupBy(b => b.Key).ToDictionary(g => g.Key, g => g.Last().Value);
            await events.QueueAsync([call], balances, cancellationToken);
        }

        return CallDto.From(call, now);
    }
}
