using System.Text.Json.Serialization;
using Digis.Application.Common;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Messaging;
using Digis.Application.Ledger;
using Digis.Application.Limits;
using Digis.Application.Streams;
using Digis.Application.Subscriptions;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Streams;
using Digis.Domain.Subscriptions;
using Digis.Domain.Tips;
using Digis.Domain.Users;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Digis.Application.Tips.SendTip;

/// <summary>
/// A fan tips a creator, optionally into a live stream or an active call (SPEC §4 "Tips"), optionally an item of
/// the creator's tip menu at its price (SPEC §13). Checked against the fan's spending limits under the wallet lock.
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
    ILedger ledger,
    IPostCommitActions afterCommit,
    ILiveNotifier live,
    IOptions<TipsOptions> options,
    FanSpendingLimits limits,
    TipGoals goals,
    TimeProvider clock) : ICommandHandler<SendTip, TipDto>
{
    public async ValueTask<TipDto> Handle(SendTip command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tip = await CreateTipAsync(command, now, cancellationToken);

        // The fan's spending limits come with the parties, in the same round trip.
        var parties = await db.Users.AsNoTracking()
            .Where(u => u.Id == command.CallerId || u.Id == command.CreatorId)
            .Select(u => new
            {
                u.Id, u.Role, u.WalletAccountId, u.DisplayName, u.Debt,
                Limits = u.Id == command.CallerId ? db.SpendingLimits.SingleOrDefault(l => l.UserId == u.Id) : null,
            })
            .ToListAsync(cancellationToken);
        var creator = parties.SingleOrDefault(p => p.Id == command.CreatorId && p.Role == UserRole.Creator)
            ?? throw new NotFoundException("The creator");
        var fan = parties.Single(p => p.Id == command.CallerId);
        Rule.Check(new SpendingNeedsNoDebtRule(fan.Debt));

        if (command.StreamId is { } streamId)
        {
            await CheckStreamAsync(streamId, command, cancellationToken);
        }

        if (command.CallId is { } callId)
        {
            await CheckCallAsync(callId, command, cancellationToken);
        }

        // Saved before the posting, not with the commit: the wallets the posting locks then stay locked only until the
        // commit's round trip (a round trip sooner for every tip queued behind them), and the goal's progress counts it.
        db.Tips.Add(tip);
        await db.SaveChangesAsync(cancellationToken);
        var posting = new Posting(fan.WalletAccountId, EarningsAccounts.ClearingFor(creator.Id, fan.Id), tip.Amount, TransferKind.Tip, tip.Id, tip.Memo);
        await limits.CheckSpendAsync(fan.Id, fan.Limits, posting, now, cancellationToken);
        var posted = await ledger.PostAsync(posting, cancellationToken);
        if (tip.StreamId is { } tippedStream)
        {
            await goals.RecordTipAsync(tippedStream, now, cancellationToken);
        }

        var tipEvent = new TipEvent(
            tip.Id, tip.StreamId, creator.Id, fan.Id, fan.DisplayName, tip.Amount.Value, tip.Message, tip.CreatedAt, tip.MenuItemId, tip.MenuLabel);
        afterCommit.Add(ct => live.TipAsync(tipEvent, ct));
        return new TipDto(
            tip.Id, creator.Id, tip.Amount.Value, tip.Message, tip.StreamId, tip.CallId, posted.BalanceOf(fan.WalletAccountId), tip.CreatedAt,
            tip.MenuItemId, tip.MenuLabel);
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

    private async Task CheckCallAsync(Guid callId, SendTip command, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking()
            .Where(c => c.Id == callId && c.FanId == command.CallerId && c.CreatorId == command.CreatorId)
            .Select(c => new { c.Status })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The call");
        Rule.Check(new TipCallMustBeLiveRule(call.Status));
    }

    private async Task CheckStreamAsync(Guid streamId, SendTip command, CancellationToken cancellationToken)
    {
        var stream = await db.Streams.AsNoTracking()
            .Where(s => s.Id == streamId)
            .Select(s => new { s.CreatorId, s.Status, Ticketed = s.TicketPrice != null, s.Audience })
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException("The stream");
        Rule.Check(new TipStreamMustBeTheCreatorsRule(stream.CreatorId, command.CreatorId));
        Rule.Check(new TipStreamMustBeLiveRule(stream.Status));
        if (stream.Ticketed)
        {
            Rule.Check(new TicketedShowNeedsATicketRule(await db.HasTicketAsync(streamId, command.CallerId, cancellationToken)));
        }

        if (stream.Audience == StreamAudience.Subscribers)
        {
            Rule.Check(new SubscribersOnlyShowRule(await db.ActiveTierAsync(command.CallerId, command.CreatorId, cancellationToken) is not null));
        }
    }
}
