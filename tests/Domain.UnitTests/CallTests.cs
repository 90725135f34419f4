using Digis.Domain.Calls;
using Digis.Domain.Common;
using Digis.Domain.Money;

namespace Digis.Domain.UnitTests;

public class CallTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Fan = Guid.CreateVersion7();
    private static readonly Guid Creator = Guid.CreateVersion7();
    private static readonly CallTimeouts Timeouts = CallTimeouts.Default;

    private static Call Active(long rate = 20)
    {
        var call = Call.Request(Fan, Creator, new Tokens(rate), T0);
        call.Accept(T0);
        return call;
    }

    private static void ChargeDue(Call call, DateTimeOffset now)
    {
        while (call.NextDueBlock(now) is { } block)
        {
            call.RecordBlockCharged(block);
        }
    }

    [Fact]
    public void A_block_costs_half_the_rate()
    {
        var call = Call.Request(Fan, Creator, new Tokens(20), T0);

        call.BlockCost.ShouldBe(new Tokens(10));
        call.Status.ShouldBe(CallStatus.Requested);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(10_002)]
    public void Odd_or_out_of_range_rates_are_refused(long rate) =>
        Should.Throw<BusinessRuleValidationException>(() => Call.Request(Fan, Creator, new Tokens(rate), T0));

    [Fact]
    public void Nobody_calls_themself() =>
        Should.Throw<BusinessRuleValidationException>(() => Call.Request(Fan, Fan, new Tokens(20), T0));

    [Fact]
    public void Block_zero_is_due_at_accept_and_block_n_at_30n_active_seconds()
    {
        var call = Active();

        call.NextDueBlock(T0).ShouldBe(new DueBlock(0, T0));
        call.RecordBlockCharged(new DueBlock(0, T0));
        call.NextDueBlock(T0.AddSeconds(29)).ShouldBeNull();
        call.SeenParticipant(Fan, T0.AddSeconds(30));
        call.SeenParticipant(Creator, T0.AddSeconds(30));
        call.NextDueBlock(T0.AddSeconds(30)).ShouldBe(new DueBlock(1, T0.AddSeconds(30)));
    }

    [Fact]
    public void No_block_that_starts_after_the_last_sign_of_life_is_due()
    {
        var call = Active();
        ChargeDue(call, T0);
        call.SeenParticipant(Fan, T0.AddSeconds(40));
        call.SeenParticipant(Creator, T0.AddSeconds(25));

        call.NextDueBlock(T0.AddSeconds(40)).ShouldBeNull();
        call.LastSignOfLife.ShouldBe(T0.AddSeconds(25));
    }

    [Fact]
    public void Paused_time_does_not_count()
    {
        var call = Active();
        ChargeDue(call, T0);
        call.Pause(T0.AddSeconds(10));
        call.SeenParticipant(Fan, T0.AddSeconds(200));
        call.SeenParticipant(Creator, T0.AddSeconds(200));

        call.NextDueBlock(T0.AddSeconds(200)).ShouldBeNull();
        call.Resume(T0.AddSeconds(100));
        call.ActiveTimeAt(T0.AddSeconds(110)).ShouldBe(TimeSpan.FromSeconds(20));
        call.NextDueBlock(T0.AddSeconds(119)).ShouldBeNull();
        call.NextDueBlock(T0.AddSeconds(120)).ShouldBe(new DueBlock(1, T0.AddSeconds(120)));
    }

    [Fact]
    public void Ending_stops_the_clock_and_a_second_end_changes_nothing()
    {
        var call = Active();

        call.End(CallEndReason.FanEnded, T0.AddSeconds(45)).ShouldBeTrue();
        call.End(CallEndReason.CreatorEnded, T0.AddSeconds(90)).ShouldBeFalse();

        call.EndReason.ShouldBe(CallEndReason.FanEnded);
        call.EndedAt.ShouldBe(T0.AddSeconds(45));
        call.ActiveTimeAt(T0.AddHours(1)).ShouldBe(TimeSpan.FromSeconds(45));
        call.NextDueBlock(T0.AddHours(1)).ShouldBeNull();
    }

    [Fact]
    public void A_silent_call_ends_at_the_last_sign_of_life()
    {
        var call = Active();
        call.SeenParticipant(Fan, T0.AddSeconds(20));
        call.SeenParticipant(Creator, T0.AddSeconds(20));

        call.EndIfStale(T0.AddSeconds(64), Timeouts).ShouldBeFalse();
        call.EndIfStale(T0.AddSeconds(65), Timeouts).ShouldBeTrue();

        call.EndReason.ShouldBe(CallEndReason.ConnectionLost);
        call.EndedAt.ShouldBe(T0.AddSeconds(20));
        call.ActiveTimeAt(T0.AddHours(1)).ShouldBe(TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void A_long_pause_ends_at_the_pause_limit()
    {
        var call = Active();
        call.Pause(T0.AddSeconds(10));
        for (var s = 30; s <= 330; s += 30)
        {
            call.SeenParticipant(Fan, T0.AddSeconds(s));
            call.SeenParticipant(Creator, T0.AddSeconds(s));
        }

        call.EndIfStale(T0.AddSeconds(309), Timeouts).ShouldBeFalse();
        call.EndIfStale(T0.AddSeconds(311), Timeouts).ShouldBeTrue();

        call.EndReason.ShouldBe(CallEndReason.PauseTimeout);
        call.EndedAt.ShouldBe(T0.AddSeconds(310));
    }

    [Fact]
    public void An_unanswered_request_expires_when_its_time_is_up()
    {
        var call = Call.Request(Fan, Creator, new Tokens(20), T0);

        call.ExpireIfUnanswered(T0.AddSeconds(59), Timeouts).ShouldBeFalse();
        call.ExpireIfUnanswered(T0.AddSeconds(61), Timeouts).ShouldBeTrue();

        call.Status.ShouldBe(CallStatus.Expired);
        call.EndedAt.ShouldBe(T0.AddSeconds(60));
        Should.Throw<BusinessRuleValidationException>(() => call.Accept(T0.AddSeconds(62)));
    }

    [Fact]
    public void Only_requested_calls_are_accepted_declined_or_cancelled()
    {
        var call = Active();

        Should.Throw<BusinessRuleValidationException>(() => call.Accept(T0));
        Should.Throw<BusinessRuleValidationException>(() => call.Decline(T0));
        Should.Throw<BusinessRuleValidationException>(() => call.Cancel(T0));
        var requested = Call.Request(Fan, Creator, new Tokens(20), T0);
        Should.Throw<BusinessRuleValidationException>(() => requested.End(CallEndReason.FanEnded, T0));
        Should.Throw<BusinessRuleValidationException>(() => requested.Pause(T0));
    }

    [Fact]
    public void Blocks_are_recorded_in_order_only()
    {
        var call = Active();

        Should.Throw<InvalidOperationException>(() => call.RecordBlockCharged(new DueBlock(1, T0)));
        call.RecordBlockCharged(new DueBlock(0, T0));
        call.BlocksBilled.ShouldBe(1);
        call.TotalCharged.ShouldBe(new Tokens(10));
    }

    [Fact]
    public void Call_settings_keep_the_rate_rules()
    {
        var settings = CallSettings.For(Creator, 40, available: true, T0);

        settings.RatePerMinute.ShouldBe(new Tokens(40));
        Should.Throw<BusinessRuleValidationException>(() => settings.Change(41, true, T0));
        settings.RatePerMinute.ShouldBe(new Tokens(40));
    }
}
