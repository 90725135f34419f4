using System.Globalization;
using Digis.Application.Common.Exceptions;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Application.Tips.SendTip;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Digis.Domain.Ledger;
using Digis.Domain.Limits;
using Digis.Domain.Money;
using Digis.Domain.Streams;
using Digis.Domain.Subscriptions;
using Digis.Domain.Tips;
using Digis.Infrastructure.Ledger;
using Npgsql;

namespace Digis.Infrastructure.Tips;

/// <summary>
/// <see cref="ITipWriter"/> on PostgreSQL: one call of <c>send_tip</c> (<c>Ledger/Sql/send_tip.sql</c>) as the unit of
/// work's last statement. Its refusals carry the facts their rules need; each is checked here through the rule itself, so
/// the problem a client gets is the one the rule defines.
/// </summary>
internal sealed class TipWriter(IUnitOfWork unitOfWork, LedgerEvents events) : ITipWriter
{
    private const string NotFound = "DG404";
    private const string RuleBroken = "DG403";
    private const string KeyInUse = "DG409";

    public async Task<WrittenTip> WriteAsync(TipToWrite write, CancellationToken cancellationToken)
    {
        var tip = write.Tip;
        var at = tip.CreatedAt;
        var transferId = Ids.New(at);
        IReadOnlyList<(PostedRow Row, string FanName, GoalRow? Goal)> rows;
        try
        {
            rows = await unitOfWork.ReadAtCommitAsync(
                """
                SELECT account_id, user_id, kind, balance, fan_name, goal_title, goal_target, goal_progress, goal_reached
                FROM send_tip(@tip, @fan, @creator, @amount, @message, @stream, @call, @menu_item, @menu_label, @memo, @earnings,
                              @transfer, @at, @day, @month, @key, @hash, @response, @expired)
                """,
                r => (PostgresLedger.ReadPostedRow(r), r.GetString(4),
                      r.IsDBNull(5) ? null : new GoalRow(r.GetString(5), r.GetInt64(6), r.GetInt64(7), r.GetBoolean(8))),
                ("tip", tip.Id), ("fan", tip.FanId), ("creator", tip.CreatorId), ("amount", tip.Amount.Value),
                ("message", tip.Message), ("stream", tip.StreamId), ("call", tip.CallId), ("menu_item", tip.MenuItemId),
                ("menu_label", tip.MenuLabel), ("memo", tip.Memo), ("earnings", write.EarningsAccountId), ("transfer", transferId),
                ("at", at), ("day", SpendingAllowance.DayStart(at)), ("month", SpendingAllowance.MonthStart(at)),
                ("key", write.Key?.Request.Key), ("hash", write.Key?.Request.Hash), ("response", write.Response),
                ("expired", write.Key?.ExpiredBefore));
        }
        catch (PostgresException refused) when (refused.SqlState is PostgresLedger.InsufficientFunds or KeyInUse or NotFound or RuleBroken)
        {
            throw Refusal(refused, tip);
        }

        var posting = new Posting(rows.First(r => r.Row.Account is { Kind: AccountKind.Wallet } a && a.UserId == tip.FanId).Row.Account!.AccountId,
            write.EarningsAccountId, tip.Amount, TransferKind.Tip, tip.Id, tip.Memo);
        var posted = PostgresLedger.ToPosted([posting], [.. rows.Select(r => r.Row)]);
        events.Announce(posted);
        var goal = rows[0].Goal is { } g && tip.StreamId is { } stream
            ? new GoalProgressEvent(stream, g.Title, g.Target, g.Progress, g.Reached)
            : null;
        return new WrittenTip(posted, posted.BalanceOf(posting.DebitAccountId), rows[0].FanName, goal);
    }

    private static Exception Refusal(PostgresException refused, Tip tip)
    {
        var facts = refused.MessageText.Split(' ');
        switch (refused.SqlState)
        {
            case PostgresLedger.InsufficientFunds:
                return PostgresLedger.Refusal(refused);
            case KeyInUse:
                return new IdempotencyKeyInUseException();
            case NotFound:
                return new NotFoundException(facts[0] switch { "creator" => "The creator", "stream" => "The stream", _ => "The call" });
            case RuleBroken:
                switch (facts[0])
                {
                    case "debt":
                        Rule.Check(new SpendingNeedsNoDebtRule(new Tokens(Long(facts[1]))));
                        break;
                    case "stream":
                        Rule.Check(new TipStreamMustBeTheCreatorsRule(Guid.Parse(facts[1]), tip.CreatorId));
                        Rule.Check(new TipStreamMustBeLiveRule(Enum.Parse<StreamStatus>(facts[2])));
                        break;
                    case "ticket":
                        Rule.Check(new TicketedShowNeedsATicketRule(fanHasATicket: false));
                        break;
                    case "subscribers":
                        Rule.Check(new SubscribersOnlyShowRule(isSubscriber: false));
                        break;
                    case "call":
                        Rule.Check(new TipCallMustBeLiveRule(Enum.Parse<CallStatus>(facts[1])));
                        break;
                    case "limit":
                        new SpendingAllowance(new SpendingCaps(Cap(facts[1]), Cap(facts[2])), Long(facts[3]), Long(facts[4]), tip.CreatedAt)
                            .Check(tip.Amount);
                        break;
                }

                return new InvalidOperationException($"send_tip refused a tip its rules allow ({refused.MessageText}).", refused);
            default:
                return new InvalidOperationException($"send_tip answered {refused.SqlState}.", refused);
        }
    }

    private static long Long(string figure) => long.Parse(figure, CultureInfo.InvariantCulture);

    private static long? Cap(string figure) => figure == "-" ? null : Long(figure);

    /// <summary>The show's goal after the tip, as <c>send_tip</c> returns it.</summary>
    private sealed record GoalRow(string Title, long Target, long Progress, bool Reached);
}
