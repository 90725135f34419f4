using System.Text.Json.Serialization;
using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Application.Ledger;
using Digis.Application.Limits;
using Digis.Application.Streams;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Streams;
using Digis.Domain.Tips;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Tips.SendTip;

/// <summary>
/// A fan tips a creator, optionally into a live stream or an active call (SPEC §4 "Tips"), optionally an item of
/// the creator's tip menu at its price (SPEC §13). Checked against the fan's spending limits under the wallet lock, in the
/// tip's one statement (<see cref="ITipWriter"/>).
/// </summary>
public sealed record SendTip(
    Guid CallerId,
    Guid CreatorId,
    long? Amount,
    string? Message,
    Guid? StreamId,
    Guid? CallId,
    [property: JsonIgnore] string? IdempotencyKey = null,
    Guid? MenuItemId = null) : ICommand<TipDto>, IIdempotentCommand;

public sealed record TipDto(
    Guid Id, Guid CreatorId, long Amount, string? Message, Guid? StreamId, Guid? CallId, long Balance, DateTimeOffset CreatedAt,
    Guid? MenuItemId = null, string? Label = null);

public sealed class SendTipHandler(
    IDigisDbContext db,
    ITipWriter writer,
    IIdempotencyStore keys,
    IPostCommitActions afterCommit,
    ILiveNotifier live,
    IOptions<TipsOptions> options,
    TipGoals goals,
    TimeProvider clock) : ICommandHandler<SendTip, TipDto>
{
    /// <summary>
    /// The whole tip is one statement sent with the COMMIT (<see cref="ITipWriter"/>, docs/decisions/0111-a-tip-in-one-round-trip.md):
    /// what the handler decides alone (the tip itself, by <see cref="Tip"/>'s rules) comes first; a menu item is read first.
    /// </summary>
    public async ValueTask<TipDto> Handle(SendTip command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tip = await CreateTipAsync(command, now, cancellationToken);
        TipDto Answer(long balance) => new(
            tip.Id, tip.CreatorId, tip.Amount.Value, tip.Message, tip.StreamId, tip.CallId, balance, tip.CreatedAt, tip.MenuItemId, tip.MenuLabel);

        // The key is claimed by the tip's own statement, with this response and the fan's balance written into it there.
        var key = keys.TakeClaim();
        var written = await writer.WriteAsync(
            new TipToWrite(tip, EarningsAccounts.ClearingFor(tip.CreatorId, tip.FanId), key, key?.Response(Answer(0))), cancellationToken);

        var tipEvent = new TipEvent(
            tip.Id, tip.StreamId, tip.CreatorId, tip.FanId, written.FanName, tip.Amount.Value, tip.Message, tip.CreatedAt, tip.MenuItemId, tip.MenuLabel);
        afterCommit.Add(ct => live.TipAsync(tipEvent, ct));
        if (written.Goal is { } goal)
        {
            goals.Announce(goal);
        }

        return Answer(written.FanBalance);
    }

    private async Task<Tip> CreateTipAsync(SendTip command, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (command.MenuItemId is { } itemId)
        {
            var item = await db.TipMenuItems.AsNoTracking()
                .SingleOrDefaultAsync(i => i.Id == itemId && i.CreatorId == command.CreatorId, cancellationToken)
                ?? throw new NotFoundException("The menu item");
            return Tip.FromMenu(command.CallerId, item, command.Amount, options.Value.MaxAmount, command.Message, command.StreamId, command.CallId, now);
        }

        Rule.Check(new TipNeedsAnAmountRule(command.Amount));
        return Tip.Create(
            command.CallerId, command.CreatorId, command.Amount!.Value, options.Value.MaxAmount, command.Message, command.StreamId, command.CallId, now);
    }
}
