using Digis.Domain.Common;
using Digis.Domain.Money;
using Digis.Domain.Streams;
using Digis.Domain.Tips;

namespace Digis.Domain.UnitTests;

public class StreamAndTipTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Creator = Guid.CreateVersion7();
    private static readonly Guid Fan = Guid.CreateVersion7();

    private static LiveStream Ticketed(long price = 50) => LiveStream.Schedule(Creator, "Show", null, null, price, Now);

    [Theory]
    [InlineData(1)]
    [InlineData(100_000)]
    public void Ticket_prices_from_one_to_a_hundred_thousand_are_accepted(long price) =>
        Ticketed(price).TicketPrice.ShouldBe(new Tokens(price));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100_001)]
    public void Ticket_prices_outside_the_range_are_refused(long price) =>
        Should.Throw<BusinessRuleValidationException>(() => Ticketed(price)).BrokenRule.ShouldBeOfType<TicketPriceMustBeInRangeRule>();

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void A_stream_needs_a_title(string title) =>
        Should.Throw<BusinessRuleValidationException>(() => LiveStream.Schedule(Creator, title, null, null, null, Now));

    [Fact]
    public void Texts_are_bounded_and_trimmed()
    {
        var stream = LiveStream.Schedule(Creator, "  " + new string('t', 120) + "  ", " d ", "   ", null, Now);

        stream.Title.Length.ShouldBe(120);
        stream.Description.ShouldBe("d");
        stream.Category.ShouldBeNull();
        stream.IsTicketed.ShouldBeFalse();
        stream.OverlayKey.Length.ShouldBe(32);
        Should.Throw<BusinessRuleValidationException>(() => LiveStream.Schedule(Creator, new string('t', 121), null, null, null, Now));
        Should.Throw<BusinessRuleValidationException>(() => LiveStream.Schedule(Creator, "t", new string('d', 2001), null, null, Now));
        Should.Throw<BusinessRuleValidationException>(() => LiveStream.Schedule(Creator, "t", null, new string('c', 51), null, Now));
    }

    [Fact]
    public void The_overlay_key_can_be_replaced_even_after_the_show()
    {
        var stream = Ticketed();
        stream.Start(Now);
        stream.End(Now);
        var old = stream.OverlayKey;

        stream.RotateOverlayKey();

        stream.OverlayKey.ShouldNotBe(old);
        stream.OverlayKey.Length.ShouldBe(32);
    }

    [Fact]
    public void A_stream_goes_scheduled_live_ended_and_repeats_are_harmless()
    {
        var stream = Ticketed();

        stream.Start(Now);
        stream.Start(Now.AddMinutes(1));
        stream.StartedAt.ShouldBe(Now);
        stream.End(Now.AddHours(1));
        stream.End(Now.AddHours(2));

        stream.Status.ShouldBe(StreamStatus.Ended);
        stream.EndedAt.ShouldBe(Now.AddHours(1));
        Should.Throw<BusinessRuleValidationException>(() => stream.Start(Now)).BrokenRule.Kind.ShouldBe(RuleKind.Conflict);
        Should.Throw<BusinessRuleValidationException>(() => stream.Cancel(Now));
    }

    [Fact]
    public void Only_a_scheduled_stream_is_cancelled_and_a_scheduled_one_cannot_end()
    {
        var scheduled = Ticketed();
        Should.Throw<BusinessRuleValidationException>(() => scheduled.End(Now));

        scheduled.Cancel(Now);

        scheduled.Status.ShouldBe(StreamStatus.Cancelled);
        Should.Throw<BusinessRuleValidationException>(() => scheduled.Start(Now));
        var live = Ticketed();
        live.Start(Now);
        Should.Throw<BusinessRuleValidationException>(() => live.Cancel(Now));
    }

    [Fact]
    public void A_ticket_costs_the_streams_price()
    {
        var ticket = Ticket.Buy(Ticketed(75), Fan, Now);

        ticket.Price.ShouldBe(new Tokens(75));
        ticket.FanId.ShouldBe(Fan);
        ticket.IsRefunded.ShouldBeFalse();
        ticket.MarkRefunded(Now);
        ticket.MarkRefunded(Now.AddDays(1));
        ticket.RefundedAt.ShouldBe(Now);
    }

    [Fact]
    public void Public_shows_sell_no_tickets() =>
        Should.Throw<BusinessRuleValidationException>(() => Ticket.Buy(LiveStream.Schedule(Creator, "Free", null, null, null, Now), Fan, Now))
            .BrokenRule.Kind.ShouldBe(RuleKind.Validation);

    [Fact]
    public void Finished_shows_sell_no_tickets()
    {
        var ended = Ticketed();
        ended.Start(Now);
        ended.End(Now);
        var cancelled = Ticketed();
        cancelled.Cancel(Now);

        Should.Throw<BusinessRuleValidationException>(() => Ticket.Buy(ended, Fan, Now)).BrokenRule.ShouldBeOfType<StreamMustNotBeOverRule>();
        Should.Throw<BusinessRuleValidationException>(() => Ticket.Buy(cancelled, Fan, Now)).BrokenRule.Kind.ShouldBe(RuleKind.Conflict);
    }

    [Fact]
    public void A_tip_keeps_a_trimmed_message()
    {
        var tip = Tip.Create(Fan, Creator, 10, Pricing.DefaultMaxTip, "  thanks!  ", null, null, Now);

        tip.Amount.ShouldBe(new Tokens(10));
        tip.Message.ShouldBe("thanks!");
        Tip.Create(Fan, Creator, 10, Pricing.DefaultMaxTip, "   ", null, null, Now).Message.ShouldBeNull();
    }

    [Theory]
    [InlineData(0, 100)]
    [InlineData(-1, 100)]
    [InlineData(101, 100)]
    public void Tip_amounts_stay_within_one_and_the_maximum(long amount, long max) =>
        Should.Throw<BusinessRuleValidationException>(() => Tip.Create(Fan, Creator, amount, max, null, null, null, Now))
            .BrokenRule.ShouldBeOfType<TipAmountMustBeInRangeRule>();

    [Fact]
    public void Nobody_tips_themself() =>
        Should.Throw<BusinessRuleValidationException>(() => Tip.Create(Fan, Fan, 1, 100, null, null, null, Now))
            .BrokenRule.ShouldBeOfType<CannotTipYourselfRule>();

    [Theory]
    [InlineData("tab\there")]
    [InlineData("nul\0")]
    [InlineData("esc\u001b[31m")]
    [InlineData("del\u007f")]
    public void Messages_carry_no_control_characters(string message) =>
        Should.Throw<BusinessRuleValidationException>(() => Tip.Create(Fan, Creator, 1, 100, message, null, null, Now))
            .BrokenRule.ShouldBeOfType<PlainTextRule>();

    [Fact]
    public void Messages_are_at_most_two_hundred_characters()
    {
        Tip.Create(Fan, Creator, 1, 100, new string('m', 200), null, null, Now).Message!.Length.ShouldBe(200);
        Should.Throw<BusinessRuleValidationException>(() => Tip.Create(Fan, Creator, 1, 100, new string('m', 201), null, null, Now));
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(10_000, false)]
    [InlineData(0, true)]
    [InlineData(3, true)]
    [InlineData(10_002, true)]
    public void Call_rates_are_even_and_in_range(long rate, bool broken) =>
        new CallRateMustBeEvenAndInRangeRule(rate).IsBroken().ShouldBe(broken);
}

public class PlainTextTests
{
    [Theory]
    [InlineData("nul\0", false, true)]
    [InlineData("line\nbreak", false, true)]
    [InlineData("line\nbreak\ttab", true, false)]
    [InlineData("bell\u0007", true, true)]
    [InlineData("plain ✓ 中文", false, false)]
    public void Control_characters_break_plain_text(string text, bool multiline, bool broken) =>
        new PlainTextRule("field", text, multiline).IsBroken().ShouldBe(broken);

    public static TheoryData<char> InvisibleFormatting() =>
        new(new[] { 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                    0x2060, 0x2061, 0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF }.Select(c => (char)c));

    [Theory]
    [MemberData(nameof(InvisibleFormatting))]
    public void Invisible_formatting_characters_break_plain_text_single_or_multi_line(char invisible)
    {
        new PlainTextRule("field", $"hello{invisible}world", multiline: false).IsBroken().ShouldBeTrue();
        new PlainTextRule("field", $"hello{invisible}\nworld", multiline: true).IsBroken().ShouldBeTrue();
        Should.Throw<BusinessRuleValidationException>(() => Tip.Create(Guid.NewGuid(), Guid.NewGuid(), 1, 100, $"hi{invisible}", null, null, DateTimeOffset.UtcNow))
            .BrokenRule.ShouldBeOfType<PlainTextRule>().Kind.ShouldBe(RuleKind.Validation);
        Should.Throw<BusinessRuleValidationException>(() => LiveStream.Schedule(Guid.NewGuid(), "show", $"about{invisible}", null, null, DateTimeOffset.UtcNow))
            .BrokenRule.ShouldBeOfType<PlainTextRule>();
        Digis.Domain.Users.User.NormalizeName($"{invisible}Ada{invisible} Lovelace{invisible}", Guid.NewGuid()).ShouldBe("Ada Lovelace");
        PlainTextRule.Strip($"a{invisible}b").ShouldBe("ab");
    }

    [Theory]
    [InlineData('\u200A')] // hair space: visible spacing, just before the range
    [InlineData('\u2010')] // hyphen, just after it
    [InlineData('\u2065')] // unassigned, between the ranges
    [InlineData('\u00A0')] // no-break space: a space separator (Zs), visible as a space
    [InlineData('\u05FF')] // U+05FF, unassigned, just before the Arabic number signs (Cf)
    public void Characters_next_to_the_invisible_ranges_are_plain_text(char c) =>
        new PlainTextRule("field", $"a{c}b").IsBroken().ShouldBeFalse();

    /// <summary>SPEC §19: every format character (Cf) and the line and paragraph separators (Zl, Zp), beyond §14's list.</summary>
    public static TheoryData<string> FormatAndSeparators() => new()
    {
        "\u061C", // Arabic letter mark
        "\u2028", // line separator
        "\u2029", // paragraph separator
        "\u00AD", // soft hyphen
        "\u180E", // Mongolian vowel separator
        "\u0600", // Arabic number sign
        "\uFFF9", // interlinear annotation anchor
        "\U000E0041", // tag Latin capital letter A (outside the BMP)
        "\U000E0001", // language tag
        "\U0001D173", // musical symbol begin beam
    };

    [Theory]
    [MemberData(nameof(FormatAndSeparators))]
    public void Format_characters_and_separators_break_plain_text_and_are_stripped_from_names(string invisible)
    {
        new PlainTextRule("field", $"hello{invisible}world").IsBroken().ShouldBeTrue();
        new PlainTextRule("field", $"hello{invisible}\nworld", multiline: true).IsBroken().ShouldBeTrue();
        Should.Throw<BusinessRuleValidationException>(() => Tip.Create(Guid.NewGuid(), Guid.NewGuid(), 1, 100, $"hi{invisible}there", null, null, DateTimeOffset.UtcNow))
            .BrokenRule.ShouldBeOfType<PlainTextRule>().Kind.ShouldBe(RuleKind.Validation);
        Digis.Domain.Users.User.NormalizeName($"{invisible}Ada{invisible} Lovelace{invisible}", Guid.NewGuid()).ShouldBe("Ada Lovelace");
        PlainTextRule.Strip($"a{invisible}b\n").ShouldBe("ab\n");
    }

    [Fact]
    public void Lone_surrogates_break_plain_text_and_are_stripped()
    {
        // Built at run time: a test attribute's strings would come through as U+FFFD.
        var high = new string((char)0xD800, 1);
        var low = new string((char)0xDC00, 1);
        foreach (var text in new[] { high, $"x{low}y", $"{low}{high}" })
        {
            new PlainTextRule("field", text).IsBroken().ShouldBeTrue();
            PlainTextRule.Strip(text).ShouldBe(text.Replace(high, "", StringComparison.Ordinal).Replace(low, "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Characters_outside_the_basic_plane_that_people_type_are_plain_text() =>
        new PlainTextRule("field", "party \U0001F389 \U0001D11E \U00020000").IsBroken().ShouldBeFalse();

    [Fact]
    public void A_stream_title_with_a_nul_is_refused_not_stored() =>
        Should.Throw<BusinessRuleValidationException>(() => LiveStream.Schedule(Guid.NewGuid(), "show\0", null, null, null, DateTimeOffset.UtcNow))
            .BrokenRule.ShouldBeOfType<PlainTextRule>();

    [Fact]
    public void Display_names_from_tokens_lose_their_control_characters() =>
        Digis.Domain.Users.User.NormalizeName("Ada\0\u0007 Lovelace", Guid.NewGuid()).ShouldBe("Ada Lovelace");
}
