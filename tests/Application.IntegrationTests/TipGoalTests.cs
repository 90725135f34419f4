using Digis.Application.IntegrationTests.Ledger;
using Digis.Application.Staff.RefundSpend;
using Digis.Application.Streams.ChangeStreamStatus;
using Digis.Application.Streams.GetGoal;
using Digis.Application.Streams.GetStream;
using Digis.Application.Streams.RemoveGoal;
using Digis.Application.Streams.ScheduleStream;
using Digis.Application.Streams.SetGoal;
using Digis.Application.Tips.SendTip;
using Digis.Domain.Ledger;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Application.IntegrationTests;

/// <summary>
/// SPEC §4 and §13: a show's <c>tipsTotal</c> is what its tips add up to, a goal's progress what they add up to since it
/// was set; refunded tips no longer count. Each tip tallies itself per earnings account it credits
/// (docs/decisions/0122-show-tips-tallied.md).
/// </summary>
[Collection(nameof(AppCollection))]
public sealed class TipGoalTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly StaffContext Support = new(Guid.CreateVersion7(), "support@goals", StaffRole.Support, "127.0.0.1");

    [Fact]
    public async Task Tips_racing_into_one_show_each_count_once_toward_its_goal_in_one_tally_per_earnings_shard()
    {
        const int Fans = 24;
        const int TipsEach = 6;
        var creator = await App.FundedUserAsync(0, UserRole.Creator, "goal-race-creator");
        var show = await LiveShowAsync(creator.Id);
        var fans = new List<TestUser>();
        for (var i = 0; i < Fans; i++)
        {
            fans.Add(await App.FundedUserAsync(100, name: $"goal-race-fan-{i}"));
        }

        var expected = fans.Select((_, i) => Enumerable.Range(0, TipsEach).Sum(t => 1L + ((i + t) % 5))).Sum();
        await App.SendAsync(new SetGoal(creator.Id, show, "New camera", expected - 10));

        using var start = new SemaphoreSlim(0);
        var racing = fans.Select((fan, i) => Task.Run(async () =>
        {
            await start.WaitAsync();
            for (var t = 0; t < TipsEach; t++)
            {
                await App.SendAsync(new SendTip(fan.Id, creator.Id, 1L + ((i + t) % 5), null, show, null));
            }
        })).ToList();
        start.Release(Fans);
        await Task.WhenAll(racing);

        var goal = (await App.SendAsync(new GetGoal(show)))!;
        (goal.Progress, goal.Reached).ShouldBe((expected, true));
        var shards = fans.Select(f => EarningsAccounts.ClearingFor(creator.Id, f.Id)).Distinct().Count();
        (await App.SendAsync(new GetStream(creator.Id, show))).TipsTotal.ShouldBe(expected);
        (await App.CountAsync($"SELECT count(*) FROM stream_tip_tallies WHERE stream_id = '{show}'")).ShouldBe(shards);
        (await App.CountAsync($"SELECT sum(goal_tokens) FROM stream_tip_tallies WHERE stream_id = '{show}'")).ShouldBe(expected);
        (await LedgerInvariants.ViolationsAsync(App)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_refunded_tip_leaves_its_goal_and_a_new_goal_counts_from_zero_beside_the_old_goals_tallies()
    {
        var creator = await App.FundedUserAsync(0, UserRole.Creator, "goal-creator");
        var show = await LiveShowAsync(creator.Id);
        var (ann, bob) = (await App.FundedUserAsync(200, name: "goal-ann"), await App.FundedUserAsync(200, name: "goal-bob"));

        var beforeAnyGoal = await App.SendAsync(new SendTip(ann.Id, creator.Id, 50, null, show, null));
        (await App.CountAsync($"SELECT count(*) FROM stream_tip_tallies WHERE stream_id = '{show}' AND tokens = 50 AND goal_set_at IS NULL")).ShouldBe(1);

        (await App.SendAsync(new SetGoal(creator.Id, show, "Lights", 1000))).Progress.ShouldBe(0);
        var annTip = await App.SendAsync(new SendTip(ann.Id, creator.Id, 10, null, show, null));
        var bobTip = await App.SendAsync(new SendTip(bob.Id, creator.Id, 20, null, show, null));
        (await ProgressAsync(show)).ShouldBe(30);
        (await TipsTotalAsync(creator.Id, show)).ShouldBe(80);

        await App.SendAsync(new RefundSpend(Support, SpendKind.Tip, annTip.Id, "refunded in the goal test"));
        (await ProgressAsync(show)).ShouldBe(20);
        await App.SendAsync(new RefundSpend(Support, SpendKind.Tip, beforeAnyGoal.Id, "refunded in the goal test")); // not the goal's
        (await ProgressAsync(show)).ShouldBe(20);
        (await TipsTotalAsync(creator.Id, show)).ShouldBe(20);
        await App.SendAsync(new SendTip(ann.Id, creator.Id, 5, null, show, null));
        (await ProgressAsync(show)).ShouldBe(25);

        // The same title retargets; a new one starts from zero, and each fan's next tip replaces the old goal's row.
        (await App.SendAsync(new SetGoal(creator.Id, show, "Lights", 2000))).Progress.ShouldBe(25);
        (await App.SendAsync(new SetGoal(creator.Id, show, "Drums", 40))).Progress.ShouldBe(0);
        (await ProgressAsync(show)).ShouldBe(0);
        await App.SendAsync(new SendTip(bob.Id, creator.Id, 7, null, show, null));
        await App.SendAsync(new SendTip(ann.Id, creator.Id, 3, null, show, null));
        (await ProgressAsync(show)).ShouldBe(10);
        await App.SendAsync(new RefundSpend(Support, SpendKind.Tip, bobTip.Id, "refunded in the goal test")); // tipped under the old goal
        (await ProgressAsync(show)).ShouldBe(10);
        (await TipsTotalAsync(creator.Id, show)).ShouldBe(15);

        await App.SendAsync(new RemoveGoal(creator.Id, show));
        (await App.SendAsync(new SetGoal(creator.Id, show, "Drums", 40))).Progress.ShouldBe(0);
        await App.SendAsync(new SendTip(bob.Id, creator.Id, 40, null, show, null));
        var reached = (await App.SendAsync(new GetGoal(show)))!;
        (reached.Progress, reached.Reached).ShouldBe((40, true));
        (await TipsTotalAsync(creator.Id, show)).ShouldBe(55);
        (await LedgerInvariants.ViolationsAsync(App)).ShouldBeEmpty();
    }

    private async Task<long> ProgressAsync(Guid show) => (await App.SendAsync(new GetGoal(show)))!.Progress;

    private async Task<long> TipsTotalAsync(Guid caller, Guid show) => (await App.SendAsync(new GetStream(caller, show))).TipsTotal;

    private async Task<Guid> LiveShowAsync(Guid creatorId)
    {
        var show = await App.SendAsync(new ScheduleStream(creatorId, "Goal show", null, null, null));
        await App.SendAsync(new ChangeStreamStatus(creatorId, show.Id, StreamTransition.Start));
        return show.Id;
    }
}
