using FsCheck;
using FsCheck.Fluent;

namespace Digis.Application.IntegrationTests.Ledger;

/// <summary>
/// One operation of a scenario. Users, shows, tips, tickets, calls and cash-outs are named by small
/// indices that are resolved when the step runs, counting back from the newest thing of that sort the
/// scenario has made (modulo how many there are); with none yet, the operation is skipped. So every list
/// of operations is runnable, and removing steps while shrinking keeps the rest meaningful.
/// </summary>
public abstract record Op;

/// <summary>Buys a bundle (0 starter, 1 fan, 2 superfan) and the provider confirms it by webhook.</summary>
public sealed record Purchase(int User, int Package) : Op
{
    public override string ToString() => $"Purchase(u{User}, {(Package switch { 0 => "starter", 1 => "fan", _ => "superfan" })})";
}

public sealed record Tip(int Payer, int Creator, int Amount, bool Keyed) : Op
{
    public override string ToString() => $"Tip(u{Payer} -> c{Creator}, {Amount}{Key(Keyed)})";

    internal static string Key(bool keyed) => keyed ? ", keyed" : "";
}

public sealed record ScheduleShow(int Creator, int Price) : Op
{
    public override string ToString() => $"ScheduleShow(c{Creator}, price {Price})";
}

public sealed record TicketBuy(int Payer, int Show, bool Keyed) : Op
{
    public override string ToString() => $"BuyTicket(u{Payer}, show#{Show}{Tip.Key(Keyed)})";
}

public sealed record StartShow(int Show) : Op
{
    public override string ToString() => $"StartShow(show#{Show})";
}

public sealed record EndShow(int Show) : Op
{
    public override string ToString() => $"EndShow(show#{Show})";
}

public sealed record CancelShow(int Show) : Op
{
    public override string ToString() => $"CancelShow(show#{Show})";
}

public sealed record RefundTip(int TipIndex) : Op
{
    public override string ToString() => $"StaffRefundTip(tip#{TipIndex})";
}

public sealed record RefundTicket(int Ticket) : Op
{
    public override string ToString() => $"StaffRefundTicket(ticket#{Ticket})";
}

public sealed record RefundCall(int Call) : Op
{
    public override string ToString() => $"StaffRefundCall(call#{Call})";
}

/// <summary>A call requested by the payer and accepted by the creator, whose media then connects on both sides (block 0 charged).</summary>
public sealed record CallRequestAccept(int Payer, int Creator, bool Keyed) : Op
{
    public override string ToString() => $"Call(u{Payer} -> c{Creator}{Tip.Key(Keyed)})";
}

/// <summary>One side of a call loses its media and gets it back (billing pauses, charging what had started, then resumes).</summary>
public sealed record MediaLoss(int Call, bool ByFan) : Op
{
    public override string ToString() => $"MediaLoss(call#{Call}, {(ByFan ? "fan" : "creator")} side)";
}

public sealed record EndCall(int Call, bool ByFan) : Op
{
    public override string ToString() => $"EndCall(call#{Call}, by {(ByFan ? "fan" : "creator")})";
}

/// <summary>The clock moves on, the scenario's open calls beat (or go silent), and a metering pass runs.</summary>
public sealed record Meter(int Seconds, bool Heartbeats) : Op
{
    public override string ToString() => $"Meter(+{Seconds}s{(Heartbeats ? ", heartbeats" : ", silent")})";
}

public sealed record Adjust(int User, bool Credit, int Amount) : Op
{
    public override string ToString() => $"StaffAdjust(u{User}, {(Credit ? "+" : "-")}{Amount})";
}

public sealed record Cashout(int Creator, int Tokens, bool Keyed) : Op
{
    public override string ToString() => $"Cashout(c{Creator}, {Tokens}{Tip.Key(Keyed)})";
}

public sealed record Decide(int CashoutIndex, bool Approve) : Op
{
    public override string ToString() => $"{(Approve ? "Approve" : "Reject")}Cashout(cashout#{CashoutIndex})";
}

/// <summary>A fan subscribes to a creator's tier (each creator has one, at 60 a period): the first period charged at once.</summary>
public sealed record SubscribeTo(int Payer, int Creator, bool Keyed) : Op
{
    public override string ToString() => $"Subscribe(u{Payer} -> c{Creator}{Tip.Key(Keyed)})";
}

public sealed record CancelSubscriptionOp(int Subscription) : Op
{
    public override string ToString() => $"CancelSubscription(sub#{Subscription})";
}

/// <summary>The clock moves on by days and the renewal job runs: due periods are charged, unpaid ones go past due or lapse.</summary>
public sealed record Renew(int Days) : Op
{
    public override string ToString() => $"Renew(+{Days}d)";
}

/// <summary>One run of the payout job (SPEC §16): approved cash-outs become (sandbox) transfers, paid at the bank at once.</summary>
public sealed record PayOut : Op
{
    public override string ToString() => "PayoutJob";
}

public enum ConnectKind
{
    TransferCreated,
    TransferReversed,
    PayoutPaid,
    PayoutFailed,
}

/// <summary>A Stripe Connect event about a cash-out's transfer or its bank payout, signed and delivered to the Connect webhook.</summary>
public sealed record ConnectEvent(ConnectKind Kind, int CashoutIndex) : Op
{
    public override string ToString() => $"Connect {Kind}(cashout#{CashoutIndex})";
}

/// <summary>One step of a scenario.</summary>
public abstract record Step;

public sealed record One(Op Op) : Step
{
    public override string ToString() => Op.ToString();
}

/// <summary>Two different operations started at the same instant, each in its own DI scope.</summary>
public sealed record Together(Op First, Op Second) : Step
{
    public override string ToString() => $"AT ONCE {{ {First} | {Second} }}";
}

/// <summary>
/// The same request twice (same Idempotency-Key, same adjustment, refund or cash-out decision, same
/// webhook event), at the same instant or one after the other, as a retrying client or a double click sends it.
/// </summary>
public sealed record Repeat(Op Op, bool AtOnce) : Step
{
    public override string ToString() => $"{(AtOnce ? "TWICE AT ONCE" : "TWICE")} {{ {Op} }}";
}

/// <summary>
/// A generated scenario: 2 or 3 fans (u0..), two creators (c0, c1; also users u{fans} and u{fans+1}), each
/// fan with 550 tokens, each creator with 1,200, 3,000 cashable earnings and an enabled payout account (c0 of more than
/// 14 days, so its cash-outs approve themselves; c1 new), a call rate (c0 20, c1 10 a minute) and a scheduled show
/// with tickets at 30 (show#1 of c0, show#0 of c1 until more are scheduled), then the steps.
/// </summary>
public sealed record Scenario(int Fans, IReadOnlyList<Step> Steps)
{
    public int Users => Fans + 2;

    public override string ToString() =>
        $"Scenario: {Fans} fans (u0..u{Fans - 1}), creators c0 = u{Fans}, c1 = u{Fans + 1}, each with a show at 30 and a tier at 60; "
        + $"u<i> is user i mod {Users}, show#/tip#/ticket#/call#/cashout#/sub#<i> the i-th newest (mod how many there are); {Steps.Count} steps:"
        + string.Concat(Steps.Select((s, i) => $"{Environment.NewLine}  {i + 1,2}. {s}"));
}

public static class ScenarioGen
{
    private static readonly Gen<bool> Bool = Gen.Elements(true, false);

    /// <summary>Objects are named by small indices so that steps often meet on the same show, tip or call.</summary>
    private static readonly Gen<int> Index = Gen.Choose(0, 3);

    private static readonly Gen<int> AnyUser = Gen.Choose(0, 4);

    private static readonly Gen<int> Creator = Gen.Choose(0, 1);

    private static Gen<Op> Purchases => from u in AnyUser from p in Gen.Choose(0, 2) select (Op)new Purchase(u, p);

    private static Gen<Op> Tips(Gen<bool> keyed) =>
        from p in AnyUser from c in Creator from a in Gen.Choose(1, 150) from k in keyed select (Op)new Tip(p, c, a, k);

    private static Gen<Op> Schedules => from c in Creator from p in Gen.Choose(5, 150) select (Op)new ScheduleShow(c, p);

    private static Gen<Op> Tickets(Gen<bool> keyed) => from p in AnyUser from s in Index from k in keyed select (Op)new TicketBuy(p, s, k);

    private static Gen<Op> Calls(Gen<bool> keyed) =>
        from p in AnyUser from c in Creator from k in keyed select (Op)new CallRequestAccept(p, c, k);

    private static Gen<Op> Meters => from s in Gen.Choose(5, 50) from h in Gen.Frequency((3, Gen.Constant(true)), (1, Gen.Constant(false))) select (Op)new Meter(s, h);

    private static Gen<Op> Adjusts => from u in AnyUser from c in Bool from a in Gen.Choose(1, 400) select (Op)new Adjust(u, c, a);

    private static Gen<Op> Cashouts(Gen<bool> keyed) => from c in Creator from t in Gen.Choose(1_000, 1_300) from k in keyed select (Op)new Cashout(c, t, k);

    private static Gen<Op> Decisions => from i in Index from a in Bool select (Op)new Decide(i, a);

    private static Gen<Op> Payouts => Gen.Constant((Op)new PayOut());

    private static Gen<Op> ConnectEvents =>
        from k in Gen.Elements(ConnectKind.TransferCreated, ConnectKind.TransferReversed, ConnectKind.PayoutPaid, ConnectKind.PayoutFailed)
        from i in Index
        select (Op)new ConnectEvent(k, i);

    private static Gen<Op> Cancels => Index.Select(i => (Op)new CancelShow(i));

    private static Gen<Op> RefundTips => Index.Select(i => (Op)new RefundTip(i));

    private static Gen<Op> RefundTickets => Index.Select(i => (Op)new RefundTicket(i));

    private static Gen<Op> RefundCalls => Index.Select(i => (Op)new RefundCall(i));

    private static Gen<Op> Subscribes(Gen<bool> keyed) =>
        from p in AnyUser from c in Creator from k in keyed select (Op)new SubscribeTo(p, c, k);

    private static Gen<Op> Renewals => Gen.Elements(1, 3, 31).Select(d => (Op)new Renew(d));

    /// <summary>Any operation, weighted towards the ones that move tokens.</summary>
    public static Gen<Op> AnyOp => Gen.Frequency(
        (6, Purchases),
        (14, Tips(Bool)),
        (8, Schedules),
        (12, Tickets(Bool)),
        (3, Index.Select(i => (Op)new StartShow(i))),
        (2, Index.Select(i => (Op)new EndShow(i))),
        (5, Cancels),
        (4, RefundTips),
        (5, RefundTickets),
        (3, RefundCalls),
        (9, Calls(Bool)),
        (2, from i in Index from f in Bool select (Op)new EndCall(i, f)),
        (3, from i in Index from f in Bool select (Op)new MediaLoss(i, f)),
        (8, Meters),
        (5, Adjusts),
        (4, Cashouts(Bool)),
        (4, Decisions),
        (5, Subscribes(Bool)),
        (2, Index.Select(i => (Op)new CancelSubscriptionOp(i))),
        (3, Renewals),
        (3, Payouts),
        (4, ConnectEvents));

    /// <summary>The operations that must take effect once when repeated: keyed requests and requests naming their target.</summary>
    public static Gen<Op> RepeatableOp => Gen.OneOf(
        Purchases, Tips(Gen.Constant(true)), Tickets(Gen.Constant(true)), Calls(Gen.Constant(true)),
        Cashouts(Gen.Constant(true)), Adjusts, Decisions, Cancels, RefundTips, RefundTickets, RefundCalls, Meters,
        Subscribes(Gen.Constant(true)), Payouts, ConnectEvents);

    public static Gen<Step> Steps => Gen.Frequency(
        (6, AnyOp.Select(o => (Step)new One(o))),
        (3, from a in AnyOp from b in AnyOp select (Step)new Together(a, b)),
        (2, from o in RepeatableOp from once in Bool select (Step)new Repeat(o, once)));

    public static Gen<Scenario> Scenarios =>
        from fans in Gen.Choose(2, 3)
        from length in Gen.Choose(10, 30)
        from steps in Steps.ArrayOf(length)
        select new Scenario(fans, steps);

    /// <summary>
    /// The scenarios with steps removed (halves, quarters, then single steps) and concurrent steps made
    /// sequential, at most <paramref name="budget"/> candidates in all: each one is a run against the
    /// database, and a race may not reproduce, so shrinking stops early rather than taking minutes.
    /// </summary>
    public static Arbitrary<Scenario> Arbitrary(int budget)
    {
        var left = budget;
        return Arb.From(Scenarios, scenario => Shrink(scenario).TakeWhile(_ => Interlocked.Decrement(ref left) >= 0));
    }

    private static IEnumerable<Scenario> Shrink(Scenario scenario)
    {
        var steps = scenario.Steps;
        var n = steps.Count;
        if (scenario.Fans > 2)
        {
            yield return scenario with { Fans = 2 };
        }

        foreach (var chunk in new[] { (n + 1) / 2, (n + 3) / 4 }.Distinct().Where(c => c > 1 && c < n))
        {
            for (var start = 0; start < n; start += chunk)
            {
                yield return scenario with { Steps = [.. steps.Take(start), .. steps.Skip(start + chunk)] };
            }
        }

        for (var i = n - 1; i >= 0; i--)
        {
            yield return scenario with { Steps = [.. steps.Take(i), .. steps.Skip(i + 1)] };
        }

        for (var i = 0; i < n; i++)
        {
            Step[]? simpler = steps[i] switch
            {
                Together t => [new One(t.First), new One(t.Second)],
                Repeat { AtOnce: true } r => [r with { AtOnce = false }],
                _ => null,
            };
            if (simpler is not null)
            {
                yield return scenario with { Steps = [.. steps.Take(i), .. simpler, .. steps.Skip(i + 1)] };
            }
        }
    }
}
