using System.Net;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

[Collection(nameof(ApiCollection))]
public sealed class TipTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_tip_moves_the_amount_to_the_creator_and_answers_the_new_balance()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var response = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 30, message = "  great show  " });

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var tip = await response.ReadJsonAsync();
        tip["amount"]!.GetValue<long>().ShouldBe(30);
        tip["message"]!.GetValue<string>().ShouldBe("great show");
        tip["balance"]!.GetValue<long>().ShouldBe(70);
        tip["creatorId"]!.GetValue<string>().ShouldBe(creator.Id.ToString());
        tip["streamId"].ShouldBeNull();
        (await App.EarnedAsync(creator.Id)).ShouldBe(30);
        var statement = await (await creator.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync();
        var entry = statement["items"]!.AsArray().Single()!;
        entry["kind"]!.GetValue<string>().ShouldBe("tip");
        entry["counterpartyId"]!.GetValue<string>().ShouldBe(fan.Id.ToString());
        entry["referenceId"]!.GetValue<string>().ShouldBe(tip["id"]!.GetValue<string>());
    }

    /// <summary>
    /// The figures (8 succeed, 32 get 402, creator +80) hold for a fan holding 80 tokens; with the
    /// 100 tokens the issue names, exactly 10 succeed. Both are run.
    /// </summary>
    [Theory]
    [InlineData(80, 8)]
    [InlineData(100, 10)]
    public async Task Forty_concurrent_tips_of_ten_succeed_exactly_as_often_as_the_balance_allows(long tokens, int succeed)
    {
        var fan = await App.FundedUserAsync(tokens);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10 })));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(succeed);
        responses.Count(r => r.StatusCode == HttpStatusCode.PaymentRequired).ShouldBe(40 - succeed);
        var refused = await responses.First(r => r.StatusCode == HttpStatusCode.PaymentRequired).ShouldBeProblemAsync(402, "insufficient-funds");
        refused["balance"]!.GetValue<long>().ShouldBe(0);
        refused["required"]!.GetValue<long>().ShouldBe(10);
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
        (await App.EarnedAsync(creator.Id)).ShouldBe(succeed * 10);
    }

    [Fact]
    public async Task Two_creators_tipping_each_other_at_once_never_deadlock_and_keep_exact_totals()
    {
        var a = await App.FundedUserAsync(1_000, UserRole.Creator);
        var b = await App.FundedUserAsync(1_000, UserRole.Creator);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).SelectMany(i => new[]
        {
            a.Client.PostJsonAsync("/api/tips", new { creatorId = b.Id, amount = 7 }),
            b.Client.PostJsonAsync("/api/tips", new { creatorId = a.Id, amount = 3 }),
        }));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        (await App.BalanceAsync(a.Id)).ShouldBe(1_000 - (30 * 7));
        (await App.BalanceAsync(b.Id)).ShouldBe(1_000 - (30 * 3));
        (await App.EarnedAsync(a.Id)).ShouldBe(30 * 3);
        (await App.EarnedAsync(b.Id)).ShouldBe(30 * 7);
    }

    [Fact]
    public async Task A_replayed_tip_answers_the_same_tip_and_charges_once()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var body = new { creatorId = creator.Id, amount = 25, message = "once" };

        var first = await (await fan.Client.PostJsonAsync("/api/tips", body, "tip-key-1")).ReadJsonAsync();
        var again = await fan.Client.PostJsonAsync("/api/tips", body, "tip-key-1");

        again.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await again.ReadJsonAsync())["id"]!.GetValue<string>().ShouldBe(first["id"]!.GetValue<string>());
        (await App.BalanceAsync(fan.Id)).ShouldBe(75);
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE fan_id = '{fan.Id}'")).ShouldBe(1);
        var other = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 26 }, "tip-key-1");
        await other.ShouldBeProblemAsync(422, "idempotency-conflict");
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(100_001, null)]
    [InlineData(-5, null)]
    [InlineData(10, "line\nbreak")]
    [InlineData(10, "bell\u0007")]
    [InlineData(10, "zero\u200Bwidth")]
    [InlineData(10, "\u202Eright to left")]
    [InlineData(10, "isolate\u2066d\u2069")]
    [InlineData(10, "word\u2060joiner")]
    [InlineData(10, "bom\uFEFF")]
    public async Task Out_of_range_amounts_and_bad_messages_are_refused_and_change_nothing(long amount, string? message)
    {
        var fan = await App.FundedUserAsync(200_000);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var response = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount, message });

        await response.ShouldBeProblemAsync(400, "validation");
        (await App.BalanceAsync(fan.Id)).ShouldBe(200_000);
    }

    [Fact]
    public async Task A_message_is_at_most_two_hundred_characters_after_trimming()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var fits = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 1, message = "  " + new string('a', 200) + "  " });
        var tooLong = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 1, message = new string('a', 201) });

        fits.StatusCode.ShouldBe(HttpStatusCode.Created);
        await tooLong.ShouldBeProblemAsync(400, "validation");
        (await App.BalanceAsync(fan.Id)).ShouldBe(99);
    }

    [Fact]
    public async Task Only_other_creators_receive_tips()
    {
        var fan = await App.FundedUserAsync(100);
        var otherFan = await App.FundedUserAsync(0);
        var creator = await App.FundedUserAsync(100, UserRole.Creator);

        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = otherFan.Id, amount = 5 })).ShouldBeProblemAsync(404, "not-found");
        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = Guid.CreateVersion7(), amount = 5 })).ShouldBeProblemAsync(404, "not-found");
        await (await creator.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5 })).ShouldBeProblemAsync(400, "validation");
        await (await fan.Client.PostRawAsync("/api/tips", $$"""{"creatorId":"{{creator.Id}}","amount":"10"}""")).ShouldBeProblemAsync(400, "validation");
        await (await fan.Client.PostRawAsync("/api/tips", $$"""{"creatorId":"{{creator.Id}}","amount":1.5}""")).ShouldBeProblemAsync(400, "validation");
        await (await fan.Client.PostRawAsync("/api/tips", """{"creatorId":"nope","amount":1}""")).ShouldBeProblemAsync(400, "validation");
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
        (await App.BalanceAsync(creator.Id)).ShouldBe(100);
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_fan_who_cannot_pay_gets_402_with_balance_and_required()
    {
        var fan = await App.FundedUserAsync(5);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var problem = await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 6 }))
            .ShouldBeProblemAsync(402, "insufficient-funds");

        problem["balance"]!.GetValue<long>().ShouldBe(5);
        problem["required"]!.GetValue<long>().ShouldBe(6);
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_tip_with_an_unknown_call_is_not_found()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        await (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 5, callId = Guid.CreateVersion7() }))
            .ShouldBeProblemAsync(404, "not-found");
        (await App.BalanceAsync(fan.Id)).ShouldBe(100);
    }
}
