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

    /// <summary>Accepted at T0, both sides' media connected at T0: billing runs from T0.</summary>
    private static Call Active(long rate = 20)
    {
        var call = Accepted(rate);
        call.ReportMedia(Fan, connected: true, T0);
        call.ReportMedia(Creator, connected: true, T0);
        return call;
    }

    private static Call Accepted(long rate = 20, DateTimeOffset? at = null)
    {
        var call = Call.Request(Fan, Creator, new Tokens(rate), at ?? T0);
        call.Accept(at ?? T0);
        return call;
    }

    private static void SeenBoth(Call call, DateTimeOffset at)
    {
        call.SeenParticipant(Fan, at);
        call.SeenParticipant(Creator, at);
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
    public void Block_zero_is_due_when_the_media_connects_and_block_n_at_30n_active_seconds()
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
    public void Only_the_instance_that_ended_a_call_says_it_just_ended()
    {
        var call = Active();
        call.HasJustEnded.ShouldBeFalse();
        call.Pause(T0.AddSeconds(10));
        call.Resume(T0.AddSeconds(20));
        call.HasJustEnded.ShouldBeFalse();

        call.End(CallEndReason.CreatorEnded, T0.AddSeconds(50)).ShouldBeTrue();
        call.HasJustEnded.ShouldBeTrue();
        call.ActiveSecondsAt(T0.AddHours(1)).ShouldBe(40);

        var declined = Call.Request(Fan, Creator, new Tokens(20), T0);
        declined.Decline(T0.AddSeconds(5));
        declined.HasJustEnded.ShouldBeFalse(); // never active: not an ended call
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
    public void An_accepted_call_is_active_but_bills_nothing_until_both_sides_report_their_media_connected()
    {
        var call = Accepted();

        call.Status.ShouldBe(CallStatus.Active);
        call.NextDueBlock(T0.AddSeconds(5)).ShouldBeNull();
        call.ReportMedia(Fan, connected: true, T0.AddSeconds(3)).ShouldBe(MediaEffect.None);
        call.NextDueBlock(T0.AddSeconds(5)).ShouldBeNull();
        call.ActiveTimeAt(T0.AddSeconds(5)).ShouldBe(TimeSpan.Zero);

        call.ReportMedia(Creator, connected: true, T0.AddSeconds(5)).ShouldBe(MediaEffect.Connected);

        call.MediaConnectedAt.ShouldBe(T0.AddSeconds(5));
        call.NextDueBlock(T0.AddSeconds(5)).ShouldBe(new DueBlock(0, T0.AddSeconds(5)));
        call.ActiveTimeAt(T0.AddSeconds(20)).ShouldBe(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void Lost_media_pauses_billing_and_both_sides_connected_again_resumes_it_where_it_left_off()
    {
        var call = Active();
        ChargeDue(call, T0);
        SeenBoth(call, T0.AddSeconds(25));

        call.ReportMedia(Creator, connected: false, T0.AddSeconds(10)).ShouldBe(MediaEffect.Lost);

        call.Status.ShouldBe(CallStatus.Paused);
        call.MediaLostAt.ShouldBe(T0.AddSeconds(10));
        call.NextDueBlock(T0.AddSeconds(25)).ShouldBeNull();
        call.ReportMedia(Fan, connected: false, T0.AddSeconds(12)).ShouldBe(MediaEffect.None);
        call.ReportMedia(Fan, connected: true, T0.AddSeconds(14)).ShouldBe(MediaEffect.None);
        call.ReportMedia(Creator, connected: true, T0.AddSeconds(18)).ShouldBe(MediaEffect.Resumed);

        call.Status.ShouldBe(CallStatus.Active);
        call.MediaLostAt.ShouldBeNull();
        call.ActiveTimeAt(T0.AddSeconds(28)).ShouldBe(TimeSpan.FromSeconds(20));
        SeenBoth(call, T0.AddSeconds(40));
        call.NextDueBlock(T0.AddSeconds(37)).ShouldBeNull();
        call.NextDueBlock(T0.AddSeconds(38)).ShouldBe(new DueBlock(1, T0.AddSeconds(38)));
        call.MediaTimeAt(T0.AddSeconds(40)).ShouldBe(TimeSpan.FromSeconds(10 + 22));
    }

    [Fact]
    public void A_call_a_participant_paused_stays_paused_when_the_media_returns_and_a_resume_waits_for_lost_media()
    {
        var call = Active();
        call.Pause(T0.AddSeconds(5));
        call.ReportMedia(Fan, connected: false, T0.AddSeconds(8)).ShouldBe(MediaEffect.Lost);
        call.ReportMedia(Fan, connected: true, T0.AddSeconds(9)).ShouldBe(MediaEffect.Resumed);

        call.Status.ShouldBe(CallStatus.Paused);
        call.PausedAt.ShouldBe(T0.AddSeconds(5));

        call.ReportMedia(Creator, connected: false, T0.AddSeconds(10));
        call.Resume(T0.AddSeconds(11));
        call.Status.ShouldBe(CallStatus.Paused); // billing waits for the media
        call.ReportMedia(Creator, connected: true, T0.AddSeconds(13));
        call.Status.ShouldBe(CallStatus.Active);
        call.ActiveTimeAt(T0.AddSeconds(23)).ShouldBe(TimeSpan.FromSeconds(5 + 10));
    }

    [Fact]
    public void Media_that_does_not_connect_in_time_ends_the_call_media_failed_when_the_time_ran_out()
    {
        var call = Accepted();
        call.ReportMedia(Fan, connected: true, T0.AddSeconds(2));
        SeenBoth(call, T0.AddSeconds(30));

        call.EndIfStale(T0.AddSeconds(29), Timeouts).ShouldBeFalse();
        call.EndIfStale(T0.AddSeconds(31), Timeouts).ShouldBeTrue();

        call.EndReason.ShouldBe(CallEndReason.MediaFailed);
        call.EndedAt.ShouldBe(T0.AddSeconds(30));
        call.BlocksBilled.ShouldBe(0);
        call.ActiveTimeAt(T0.AddHours(1)).ShouldBe(TimeSpan.Zero);
    }

    [Fact]
    public void Media_lost_past_the_grace_ends_the_call_connection_lost_when_the_grace_ran_out()
    {
        var call = Active();
        ChargeDue(call, T0);
        call.ReportMedia(Fan, connected: false, T0.AddSeconds(12));
        SeenBoth(call, T0.AddSeconds(40));

        call.EndIfStale(T0.AddSeconds(31), Timeouts).ShouldBeFalse();
        call.EndIfStale(T0.AddSeconds(32), Timeouts).ShouldBeTrue();

        call.EndReason.ShouldBe(CallEndReason.ConnectionLost);
        call.EndedAt.ShouldBe(T0.AddSeconds(32));
        call.ActiveTimeAt(T0.AddHours(1)).ShouldBe(TimeSpan.FromSeconds(12));
        call.MediaTimeAt(T0.AddHours(1)).ShouldBe(TimeSpan.FromSeconds(12));
    }

    [Fact]
    public void Silence_that_runs_out_before_the_media_grace_ends_the_call_at_the_last_sign_of_life()
    {
        var call = Active();
        ChargeDue(call, T0);
        call.ReportMedia(Creator, connected: false, T0.AddSeconds(40)); // the creator's last sign of life is T0 + 40 s; the fan's T0

        call.EndIfStale(T0.AddSeconds(46), Timeouts).ShouldBeTrue();

        call.EndReason.ShouldBe(CallEndReason.ConnectionLost);
        call.EndedAt.ShouldBe(T0);
    }

    [Fact]
    public void Media_is_reported_on_live_calls_only()
    {
        var requested = Call.Request(Fan, Creator, new Tokens(20), T0);
        Should.Throw<BusinessRuleValidationException>(() => requested.ReportMedia(Fan, connected: true, T0));
        var ended = Active();
        ended.End(CallEndReason.FanEnded, T0.AddSeconds(1));
        Should.Throw<BusinessRuleValidationException>(() => ended.ReportMedia(Fan, connected: true, T0.AddSeconds(2)));
    }

    [Fact]
    public void Three_media_failures_within_24_hours_block_call_requests_for_24_hours_after_the_third()
    {
        var failures = new[] { T0, T0.AddHours(10), T0.AddHours(23) };

        MediaFailureLimit.BlockedUntil(failures[..2], T0.AddHours(11)).ShouldBeNull();
        MediaFailureLimit.BlockedUntil(failures, T0.AddHours(23)).ShouldBe(T0.AddHours(47));
        MediaFailureLimit.BlockedUntil(failures, T0.AddHours(46)).ShouldBe(T0.AddHours(47));
        MediaFailureLimit.BlockedUntil(failures, T0.AddHours(47)).ShouldBeNull();
        MediaFailureLimit.BlockedUntil([T0, T0.AddHours(13), T0.AddHours(25)], T0.AddHours(25)).ShouldBeNull(); // never 3 within 24 h
        new RepeatedMediaFailuresBlockCallRequestsRule(T0.AddHours(47), T0.AddHours(23)).IsBroken().ShouldBeTrue();
        new RepeatedMediaFailuresBlockCallRequestsRule(null, T0.AddHours(23)).IsBroken().ShouldBeFalse();
    }

    [Fact]
    public void A_turn_credential_follows_the_turn_rest_convention_coturn_checks()
    {
        // Computed outside .NET with coturn's documented recipe (README.turnserver, "TURN REST API"):
        //   echo -n '1767225600:0193a0f0-0000-7000-8000-000000000042'         //     | openssl dgst -sha1 -hmac 'north-wind-turn-secret' -binary | base64
        var user = Guid.Parse("0193a0f0-0000-7000-8000-000000000042");

        var credential = TurnCredential.For("north-wind-turn-secret", user, DateTimeOffset.FromUnixTimeSeconds(1_767_225_600));

        credential.Username.ShouldBe("1767225600:0193a0f0-0000-7000-8000-000000000042");
        credential.Credential.ShouldBe("AIy4ySL7+5yRqIbpy6eXkavjjeg=");
        credential.ExpiresAt.ShouldBe(DateTimeOffset.FromUnixTimeSeconds(1_767_225_600));
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
