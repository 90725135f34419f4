using System.Text;
using Digis.Application.Calls;
using Digis.Application.Payouts;
using Digis.Application.Purchases.CreatePurchase;
using Digis.Application.Staff;
using Digis.Application.Streams;
using Digis.Application.Tips;
using Digis.Application.Calls.AcceptCall;
using Digis.Application.Calls.RequestCall;
using Digis.Application.Calls.UpdateCallSettings;
using Digis.Application.Calls.ChangeCall;
using Digis.Application.Calls.ReportCallMedia;
using Digis.Application.Payments;
using Digis.Application.Payouts.DecideCashout;
using Digis.Application.Payouts.ReceiveConnectWebhook;
using Digis.Application.Payouts.RequestCashout;
using Digis.Application.Staff.AdjustWallet;
using Digis.Application.Staff.RefundSpend;
using Digis.Application.Streams.BuyTicket;
using Digis.Application.Streams.ChangeStreamStatus;
using Digis.Application.Streams.ScheduleStream;
using Digis.Application.Tips.SendTip;
using Digis.Api.Jobs;
using Digis.Application.Subscriptions.CancelSubscription;
using Digis.Application.Subscriptions.SetSubscriptionTiers;
using Digis.Application.Subscriptions.Subscribe;
using Digis.Domain.Subscriptions;
using Microsoft.Extensions.DependencyInjection;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;
using TokenPackage = Digis.Domain.Purchases.TokenPackage;

namespace Digis.Application.IntegrationTests.Ledger;

/// <summary>
/// Runs a <see cref="Scenario"/> against the API host through Mediator commands (each in its own DI scope)
/// and reports what went wrong: a request that failed other than with a refusal the contract allows,
/// a repeated request that took effect twice, or ledger rules broken by rows that were not broken before.
/// </summary>
public sealed class ScenarioRunner(ClockedApiFactory app)
{
    private static readonly StaffContext Support = new(Guid.CreateVersion7(), "support@props", StaffRole.Support, "127.0.0.1");

    /// <summary>Adjustments come from a support member of the scenario's own, so earlier runs do not fill their daily cap.</summary>
    private static StaffContext AdjustingSupport(World w) => Support with { Id = w.SupportId };
    private static readonly StaffContext Admin = new(Guid.CreateVersion7(), "admin@props", StaffRole.Admin, "127.0.0.1");
    private static readonly StaffContext SecondAdmin = new(Guid.CreateVersion7(), "admin2@props", StaffRole.Admin, "127.0.0.1");
    private static readonly Guid[] Packages = [TokenPackage.StarterId, TokenPackage.FanId, TokenPackage.SuperfanId];

    public async Task<ScenarioReport> RunAsync(Scenario scenario)
    {
        var brokenBefore = (await LedgerInvariants.BrokenRowsAsync(app)).ToHashSet();
        var world = await SetUpAsync(scenario);
        var log = new List<string>();
        var failures = new List<string>();
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            var step = scenario.Steps[i];
            var (text, problems) = await RunStepAsync(world, step);
            log.Add($"  {i + 1,2}. {step} => {text}");
            failures.AddRange(problems.Select(p => $"step {i + 1} ({step}): {p}"));
        }

        failures.AddRange((await LedgerInvariants.BrokenRowsAsync(app))
            .Where(b => !brokenBefore.Contains(b))
            .Select(b => $"after the scenario: BROKEN: {b.Rule}: {b.Row}"));
        failures.AddRange(await SubscriptionsChargedOncePerPeriodAsync(world));
        await CloseCallsAsync(world);
        return new ScenarioReport(scenario, log, failures);
    }

    private async Task<World> SetUpAsync(Scenario scenario)
    {
        var users = new List<TestUser>();
        for (var i = 0; i < scenario.Users; i++)
        {
            var creator = i >= scenario.Fans;
            var user = await app.ProvisionedUserAsync(creator ? UserRole.Creator : UserRole.Fan, creator ? $"prop-c{i - scenario.Fans}" : $"prop-u{i}");
            await app.BuyTokensAsync(user.Id, creator ? TokenPackage.SuperfanId : TokenPackage.FanId);
            if (creator)
            {
                await app.SendAsync(new UpdateCallSettings(user.Id, i == scenario.Fans ? 20 : 10, Available: true));
                await app.EnablePayoutsAsync(user.Id);
                await app.EarnClearedAsync(user.Id, 3_000); // cashable, so cash-outs and payouts happen
                if (i == scenario.Fans)
                {
                    // c0 is an established creator (SPEC §16: its cash-outs approve themselves); c1 a new one (two admins).
                    await app.CountAsync($"WITH aged AS (UPDATE users SET created_at = created_at - interval '30 days' WHERE id = '{user.Id}' RETURNING 1) SELECT count(*) FROM aged");
                }
            }

            users.Add(user);
        }

        var world = new World(users, scenario.Fans);
        for (var c = 0; c < 2; c++)
        {
            var creator = world.Creator(c);
            var show = await app.SendAsync(new ScheduleStream(creator.Id, "property show", null, null, 30));
            world.Add(world.Shows, (show.Id, creator.Id));
            var tiers = await app.SendAsync(new SetSubscriptionTiers(creator.Id, [new TierSpec(null, "property tier", 60, null, 10, true)]));
            world.Tiers[c] = tiers[0].Id;
        }

        return world;
    }

    private async Task<(string Text, List<string> Problems)> RunStepAsync(World world, Step step)
    {
        var problems = new List<string>();
        switch (step)
        {
            case One one:
            {
                var op = Prepare(world, one.Op);
                if (op.Skip is { } skip)
                {
                    return ("skipped: " + skip, problems);
                }

                await BeforeAsync(op, problems);
                var outcome = await AttemptAsync(op);
                problems.AddRange(outcome.Problems);
                return (outcome.Text, problems);
            }

            case Together together:
            {
                var (first, second) = (Prepare(world, together.First), Prepare(world, together.Second));
                await BeforeAsync(first, problems);
                await BeforeAsync(second, problems);
                var (a, b) = await AtOnceAsync(first, second);
                problems.AddRange(a.Problems.Concat(b.Problems));
                return ($"{a.Text} | {b.Text}", problems);
            }

            case Repeat repeat:
            {
                var op = Prepare(world, repeat.Op);
                if (op.Skip is { } skip)
                {
                    return ("skipped: " + skip, problems);
                }

                var before = op.EffectSql is null ? 0 : await app.CountAsync(op.EffectSql);
                await BeforeAsync(op, problems);
                var (a, b) = repeat.AtOnce ? await AtOnceAsync(op, op) : (await AttemptAsync(op), await AttemptAsync(op));
                problems.AddRange(a.Problems.Concat(b.Problems));
                var applied = op.EffectSql is null ? 0 : await app.CountAsync(op.EffectSql) - before;
                if (applied > 1)
                {
                    problems.Add($"the repeated request took effect {applied} times ({op.EffectSql})");
                }

                if (a.Id is { } first && b.Id is { } second && first != second)
                {
                    problems.Add($"the repeated request answered two different ids: {first} and {second}");
                }

                return ($"{a.Text} | {b.Text}{(op.EffectSql is null ? "" : $" (effect +{applied})")}", problems);
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(step), step, null);
        }
    }

    private static async Task BeforeAsync(Prepared op, List<string> problems)
    {
        if (op.Before is { } before)
        {
            problems.AddRange(await before());
        }
    }

    /// <summary>Both requests start at the same instant on the thread pool, each in its own scope.</summary>
    private static async Task<(Outcome, Outcome)> AtOnceAsync(Prepared first, Prepared second)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var a = Task.Run(async () =>
        {
            await gate.Task;
            return await AttemptAsync(first);
        });
        var b = Task.Run(async () =>
        {
            await gate.Task;
            return await AttemptAsync(second);
        });
        gate.SetResult();
        return (await a, await b);
    }

    private static async Task<Outcome> AttemptAsync(Prepared op)
    {
        if (op.Skip is { } skip)
        {
            return new Outcome("skipped: " + skip, null, []);
        }

        try
        {
            var result = await op.Run();
            return new Outcome("ok " + result.Text, result.Id, []);
        }
        catch (Exception ex) when (PublicSurface.IsExpectedRefusal(ex))
        {
            return new Outcome("refused " + PublicSurface.Describe(ex), null, []);
        }
        catch (Exception ex)
        {
            return new Outcome("FAILED " + PublicSurface.Describe(ex), null, [$"unexpected {PublicSurface.Describe(ex)}: {ex.Message}"]);
        }
    }

    private Prepared Prepare(World w, Op op)
    {
        switch (op)
        {
            case Purchase p:
            {
                var user = w.User(p.User);
                var (key, eventId) = (Guid.NewGuid().ToString("N"), "evt_" + Guid.NewGuid().ToString("N"));
                return new Prepared(
                    async () =>
                    {
                        var purchase = await app.SendAsync(new CreatePurchase(user.Id, Packages[p.Package], key));
                        var receipt = await app.DeliverCheckoutAsync(purchase.Id, purchase.PriceCents, eventId);
                        return new Result($"{purchase.Tokens} tokens, webhook {receipt.Outcome}", purchase.Id);
                    },
                    $"SELECT count(*) FROM transfers x JOIN purchases p ON p.id = x.reference_id WHERE p.user_id = '{user.Id}' AND x.kind = 'Purchase'");
            }

            case Tip t:
            {
                var (payer, creator, key) = (w.User(t.Payer), w.Creator(t.Creator), Key(t.Keyed));
                return new Prepared(
                    async () =>
                    {
                        var tip = await app.SendAsync(new SendTip(payer.Id, creator.Id, t.Amount, "property test", null, null, key));
                        w.Add(w.Tips, tip.Id);
                        return new Result($"balance {tip.Balance}", tip.Id);
                    },
                    $"SELECT count(*) FROM tips WHERE fan_id = '{payer.Id}'");
            }

            case ScheduleShow s:
            {
                var creator = w.Creator(s.Creator);
                return new Prepared(async () =>
                {
                    var show = await app.SendAsync(new ScheduleStream(creator.Id, "property show", null, null, s.Price));
                    w.Add(w.Shows, (show.Id, creator.Id));
                    return new Result("scheduled", show.Id);
                });
            }

            case TicketBuy t:
            {
                if (!w.TryPick(w.Shows, t.Show, out var show))
                {
                    return Prepared.Skipped("no show yet");
                }

                var showId = show.Id;

                var (payer, key) = (w.User(t.Payer), Key(t.Keyed));
                return new Prepared(
                    async () =>
                    {
                        var bought = await app.SendAsync(new BuyTicket(payer.Id, showId, key));
                        w.Add(w.Tickets, bought.Ticket.Id);
                        return new Result($"{(bought.Created ? "bought" : "had it")}, balance {bought.Ticket.Balance}", bought.Ticket.Id);
                    },
                    $"SELECT count(*) FROM transfers x JOIN tickets t ON t.id = x.reference_id WHERE t.fan_id = '{payer.Id}' AND x.kind = 'Ticket'");
            }

            case StartShow s:
                return Transition(w, s.Show, StreamTransition.Start);

            case EndShow s:
                return Transition(w, s.Show, StreamTransition.End);

            case CancelShow s:
                return Transition(w, s.Show, StreamTransition.Cancel);

            case RefundTip r:
                return Refund(w, w.Tips, r.TipIndex, SpendKind.Tip, "TipRefund");

            case RefundTicket r:
                return Refund(w, w.Tickets, r.Ticket, SpendKind.Ticket, "TicketRefund");

            case RefundCall r:
                return w.TryPick(w.Calls, r.Call, out var refunded)
                    ? Refund(w, [refunded.Id], 0, SpendKind.Call, "CallBlockRefund")
                    : Prepared.Skipped("no call yet");

            case CallRequestAccept c:
            {
                var (payer, creator, requestKey, acceptKey) = (w.User(c.Payer), w.Creator(c.Creator), Key(c.Keyed), Key(c.Keyed));
                var (fanMediaKey, creatorMediaKey) = (Key(c.Keyed), Key(c.Keyed));
                return new Prepared(
                    async () =>
                    {
                        var call = await app.SendAsync(new RequestCall(payer.Id, creator.Id, requestKey));
                        w.Add(w.Calls, (call.Id, payer.Id, creator.Id));
                        var accepted = await app.SendAsync(new AcceptCall(creator.Id, call.Id, acceptKey));
                        var shortOf = accepted.FanCouldNotPay ? $", fan could not pay {accepted.Required} with {accepted.Balance}" : "";
                        if (accepted.Call.Status != Domain.Calls.CallStatus.Active)
                        {
                            return new Result($"{accepted.Call.Status}{shortOf}", call.Id);
                        }

                        // Both sides' media connects: block 0 (SPEC §17).
                        await app.SendAsync(new ReportCallMedia(payer.Id, call.Id, true, fanMediaKey));
                        var connected = await app.SendAsync(new ReportCallMedia(creator.Id, call.Id, true, creatorMediaKey));
                        return new Result($"{connected.Status} {connected.EndReason}, charged {connected.TotalCharged}", call.Id);
                    },
                    $"SELECT count(*) FROM calls WHERE fan_id = '{payer.Id}'");
            }

            case MediaLoss m:
            {
                if (!w.TryPick(w.Calls, m.Call, out var lossy))
                {
                    return Prepared.Skipped("no call yet");
                }

                var (callId, fanId, creatorId) = lossy;
                return new Prepared(async () =>
                {
                    // The side's media drops (the blocks started by then are charged, billing pauses) and comes back.
                    var side = m.ByFan ? fanId : creatorId;
                    var lost = await app.SendAsync(new ReportCallMedia(side, callId, false));
                    var back = await app.SendAsync(new ReportCallMedia(side, callId, true));
                    return new Result($"{lost.Status} then {back.Status} {back.EndReason}, charged {back.TotalCharged}", callId);
                });
            }

            case EndCall e:
            {
                if (!w.TryPick(w.Calls, e.Call, out var ended))
                {
                    return Prepared.Skipped("no call yet");
                }

                var (callId, fanId, creatorId) = ended;

                return new Prepared(async () =>
                {
                    var call = await app.SendAsync(new ChangeCall(e.ByFan ? fanId : creatorId, callId, CallAction.End));
                    return new Result($"{call.Status} {call.EndReason}, charged {call.TotalCharged}", call.Id);
                });
            }

            case Meter m:
                return new Prepared(
                    async () =>
                    {
                        var pass = await app.MeterAsync("property test");
                        return new Result($"{pass.BlocksCharged} blocks, {pass.CallsEnded} calls ended", null);
                    },
                    Before: async () =>
                    {
                        app.Clock.Advance(TimeSpan.FromSeconds(m.Seconds));
                        return m.Heartbeats ? await HeartbeatsAsync(w) : [];
                    });

            case Adjust a:
            {
                var (user, adjustmentId) = (w.User(a.User), Guid.CreateVersion7());
                return new Prepared(
                    async () =>
                    {
                        var adjusted = await app.SendAsync(new AdjustWallet(
                            AdjustingSupport(w), adjustmentId, user.Id, a.Credit, a.Amount, "property test adjustment", "PROP-1"));
                        return new Result($"balance {adjusted.Balance}", adjusted.Id);
                    },
                    $"SELECT count(DISTINCT xmin::text) FROM transfers WHERE reference_id = '{adjustmentId}'");
            }

            case Cashout c:
            {
                var (creator, key) = (w.Creator(c.Creator), Key(c.Keyed));
                return new Prepared(
                    async () =>
                    {
                        var cashout = await app.SendAsync(new RequestCashout(creator.Id, c.Tokens, key));
                        w.Add(w.Cashouts, cashout.Id);
                        return new Result($"{cashout.Status}", cashout.Id);
                    },
                    $"SELECT count(*) FROM cashouts WHERE creator_id = '{creator.Id}'");
            }

            case Decide d:
            {
                if (!w.TryPick(w.Cashouts, d.CashoutIndex, out var cashoutId))
                {
                    return Prepared.Skipped("no cash-out yet");
                }

                return new Prepared(
                    async () =>
                    {
                        // Approval takes two admins (SPEC §16); the second finds it approved, or another decision first.
                        var decided = await app.SendAsync(new DecideCashout(Admin, cashoutId, d.Approve, "property test decision"));
                        if (d.Approve)
                        {
                            decided = await app.SendAsync(new DecideCashout(SecondAdmin, cashoutId, true, "property test decision"));
                        }

                        return new Result($"{decided.Status}", decided.Id);
                    },
                    $"SELECT count(*) FROM transfers WHERE reference_id = '{cashoutId}' AND kind IN ('CashoutSettlement', 'CashoutReversal')");
            }

            case SubscribeTo sub:
            {
                var (payer, creatorIndex, key) = (w.User(sub.Payer), sub.Creator % 2, Key(sub.Keyed));
                return new Prepared(
                    async () =>
                    {
                        var subscription = await app.SendAsync(new Subscribe(payer.Id, w.Tiers[creatorIndex], key));
                        w.Add(w.Subscriptions, (subscription.Id, payer.Id));
                        return new Result($"{subscription.Status} until {subscription.CurrentPeriodEnd:u}", subscription.Id);
                    },
                    $"SELECT count(*) FROM subscription_charges WHERE fan_id = '{payer.Id}' AND kind = 'Period' AND period_index = 0");
            }

            case CancelSubscriptionOp c:
            {
                if (!w.TryPick(w.Subscriptions, c.Subscription, out var subscription))
                {
                    return Prepared.Skipped("no subscription yet");
                }

                return new Prepared(async () =>
                {
                    var cancelled = await app.SendAsync(new CancelSubscription(subscription.FanId, subscription.Id));
                    return new Result($"{cancelled.Status}, renews {cancelled.Renews}", cancelled.Id);
                });
            }

            case Renew r:
                return new Prepared(
                    async () =>
                    {
                        var renewed = await app.Services.GetRequiredService<Housekeeping>().RenewSubscriptionsAsync(CancellationToken.None);
                        return new Result($"{renewed.Renewed} renewed, {renewed.Failed} unpaid, {renewed.Ended} ended", null);
                    },
                    Before: () =>
                    {
                        app.Clock.Advance(TimeSpan.FromDays(r.Days));
                        return Task.FromResult(new List<string>());
                    });

            case PayOut:
                return new Prepared(
                    async () =>
                    {
                        var run = await app.PayoutsAsync();
                        return new Result($"{run.Paid} paid", null);
                    }); // one run pays every due cash-out; the invariants check that none was paid twice

            case ConnectEvent e:
            {
                if (!w.TryPick(w.Cashouts, e.CashoutIndex, out var cashoutId))
                {
                    return Prepared.Skipped("no cash-out yet");
                }

                var (eventId, transferId, payoutId) = (Webhooks.NewEventId(), "tr_sandbox_" + cashoutId.ToString("N"), "po_sandbox_" + cashoutId.ToString("N"));
                return new Prepared(
                    async () =>
                    {
                        var now = app.Clock.GetUtcNow();
                        var creatorId = Guid.Parse((await app.RowsAsync($"SELECT creator_id FROM cashouts WHERE id = '{cashoutId}'"))[0][0]!.ToString()!);
                        var payload = e.Kind switch
                        {
                            ConnectKind.TransferCreated => Testing.ConnectEvents.Transfer("transfer.created", transferId, cashoutId, 5_000, now, eventId),
                            ConnectKind.TransferReversed => Testing.ConnectEvents.Transfer("transfer.reversed", transferId, cashoutId, 5_000, now, eventId),
                            _ => Testing.ConnectEvents.Payout(DigisApiFactory.PayoutAccountId(creatorId), payoutId, e.Kind == ConnectKind.PayoutPaid, now.AddSeconds(1), eventId),
                        };
                        var receipt = await app.SendAsync(new ReceiveConnectWebhook(payload, StripeSignature.Sign(payload, DigisApiFactory.ConnectWebhookSecret, now)));
                        return new Result(receipt.Outcome, null);
                    },
                    $"SELECT count(*) FROM transfers WHERE reference_id = '{cashoutId}' AND kind IN ('CashoutSettlement', 'CashoutReversal')");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(op), op, null);
        }
    }

    private Prepared Transition(World w, int index, StreamTransition transition)
    {
        if (!w.TryPick(w.Shows, index, out var show))
        {
            return Prepared.Skipped("no show yet");
        }

        var (showId, creatorId) = show;

        return new Prepared(async () =>
        {
            var show = await app.SendAsync(new ChangeStreamStatus(creatorId, showId, transition));
            return new Result($"{show.Status}", show.Id);
        });
    }

    private Prepared Refund(World w, List<Guid> spends, int index, SpendKind kind, string refundKind)
    {
        if (!w.TryPick(spends, index, out var id))
        {
            return Prepared.Skipped($"no {kind.ToString().ToLowerInvariant()} yet");
        }

        return new Prepared(
            async () =>
            {
                var refund = await app.SendAsync(new RefundSpend(Support, kind, id, "property test refund"));
                return new Result($"{refund.Amount} back, fan {refund.FanBalance}, creator earnings {refund.CreatorEarnings}", refund.Id);
            },
            // One effect is one transaction: a refund from earnings is a transfer per sub-account it drew on (xmin: the writer).
            $"SELECT count(DISTINCT xmin::text) FROM transfers WHERE reference_id = '{id}' AND kind = '{refundKind}'");
    }

    /// <summary>
    /// Every subscription of the scenario has each of its periods charged exactly once (none skipped, none twice,
    /// whatever renewals ran at once), and every charge is one posted transfer.
    /// </summary>
    private async Task<List<string>> SubscriptionsChargedOncePerPeriodAsync(World w)
    {
        var fans = string.Join(", ", w.FanIds.Select(f => $"'{f}'"));
        var periods = await app.RowsAsync(
            "SELECT s.id, s.period_index, count(c.id) FROM subscriptions s "
            + "LEFT JOIN subscription_charges c ON c.subscription_id = s.id AND c.kind = 'Period' "
            + $"WHERE s.fan_id IN ({fans}) GROUP BY s.id, s.period_index HAVING count(c.id) <> s.period_index + 1");
        var postings = await app.RowsAsync(
            "SELECT c.id, count(x.id) FROM subscription_charges c LEFT JOIN transfers x ON x.reference_id = c.id AND x.kind = 'Subscription' "
            + $"WHERE c.fan_id IN ({fans}) GROUP BY c.id HAVING count(x.id) <> 1");
        return
        [
            .. periods.Select(r => $"after the scenario: subscription {r[0]} is in period {r[1]} with {r[2]} period charges"),
            .. postings.Select(r => $"after the scenario: subscription charge {r[0]} has {r[1]} transfers"),
        ];
    }

    /// <summary>Both participants of every call of the scenario show a sign of life (a call that is over answers 409).</summary>
    private async Task<List<string>> HeartbeatsAsync(World w)
    {
        var problems = new List<string>();
        foreach (var (callId, fanId, creatorId) in w.Snapshot(w.Calls))
        {
            foreach (var participant in new[] { fanId, creatorId })
            {
                var outcome = await AttemptAsync(new Prepared(async () =>
                {
                    await app.SendAsync(new ChangeCall(participant, callId, CallAction.Heartbeat));
                    return new Result("", null);
                }));
                problems.AddRange(outcome.Problems.Select(p => $"heartbeat: {p}"));
            }
        }

        return problems;
    }

    /// <summary>Ends the scenario's open calls, so the next scenario's metering passes do not charge these users.</summary>
    private async Task CloseCallsAsync(World w)
    {
        foreach (var (callId, fanId, _) in w.Snapshot(w.Calls))
        {
            await AttemptAsync(new Prepared(async () =>
            {
                await app.SendAsync(new ChangeCall(fanId, callId, CallAction.Cancel));
                return new Result("", null);
            }));
            await AttemptAsync(new Prepared(async () =>
            {
                await app.SendAsync(new ChangeCall(fanId, callId, CallAction.End));
                return new Result("", null);
            }));
        }
    }

    private static string? Key(bool keyed) => keyed ? "prop-" + Guid.NewGuid().ToString("N") : null;

    private sealed record Result(string Text, Guid? Id);

    private sealed record Outcome(string Text, Guid? Id, List<string> Problems);

    /// <summary>
    /// An operation with its targets resolved and its ids and keys chosen, so running it twice sends the
    /// same request twice. <c>EffectSql</c> counts what one application of it adds (a repeat may add one).
    /// </summary>
    private sealed record Prepared(Func<Task<Result>> Run, string? EffectSql = null, Func<Task<List<string>>>? Before = null, string? Skip = null)
    {
        public static Prepared Skipped(string why) => new(() => throw new InvalidOperationException("skipped"), Skip: why);
    }

    /// <summary>What a scenario has made so far; steps that run at once add to it under a lock.</summary>
    private sealed class World(List<TestUser> users, int fans)
    {
        private readonly Lock _lock = new();

        public List<(Guid Id, Guid CreatorId)> Shows { get; } = [];

        public List<Guid> Tips { get; } = [];

        public List<Guid> Tickets { get; } = [];

        public List<(Guid Id, Guid FanId, Guid CreatorId)> Calls { get; } = [];

        public List<Guid> Cashouts { get; } = [];

        public Guid SupportId { get; } = Guid.CreateVersion7();

        /// <summary>Each creator's tier (c0, c1).</summary>
        public Guid[] Tiers { get; } = new Guid[2];

        public List<(Guid Id, Guid FanId)> Subscriptions { get; } = [];

        public IEnumerable<Guid> FanIds => users.Take(fans).Select(u => u.Id);

        public TestUser User(int index) => users[index % users.Count];

        public TestUser Creator(int index) => users[fans + (index % 2)];

        /// <summary>The <paramref name="index"/>-th newest (wrapping around); false when there is none yet.</summary>
        public bool TryPick<T>(List<T> list, int index, out T item)
        {
            lock (_lock)
            {
                item = list.Count == 0 ? default! : list[list.Count - 1 - (index % list.Count)];
                return list.Count > 0;
            }
        }

        public List<T> Snapshot<T>(List<T> list)
        {
            lock (_lock)
            {
                return [.. list];
            }
        }

        public void Add<T>(List<T> list, T item)
        {
            lock (_lock)
            {
                if (!list.Contains(item))
                {
                    list.Add(item);
                }
            }
        }
    }
}

public sealed record ScenarioReport(Scenario Scenario, IReadOnlyList<string> Log, IReadOnlyList<string> Failures)
{
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine(Scenario.ToString());
        text.AppendLine("What each step did:");
        foreach (var line in Log)
        {
            text.AppendLine(line);
        }

        text.AppendLine("What went wrong:");
        foreach (var failure in Failures)
        {
            text.AppendLine("  " + failure);
        }

        return text.ToString();
    }
}
