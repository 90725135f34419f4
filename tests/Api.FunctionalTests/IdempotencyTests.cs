using System.Net;
using Digis.Domain.Purchases;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

/// <summary>
/// The Idempotency-Key contract of SPEC §3, on a POST that creates something: purchases claim their key first (their
/// handler opens a checkout at the payment provider), tips claim it with their commit; the contract is the same.
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class IdempotencyTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_replay_returns_the_first_response_and_does_nothing()
    {
        var fan = App.NewUser();

        var first = await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId }, "key-1");
        var replay = await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId }, "key-1");

        replay.StatusCode.ShouldBe(first.StatusCode);
        (await replay.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await App.CountAsync($"SELECT count(*) FROM purchases WHERE user_id = '{fan.Id}'")).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_422()
    {
        var fan = App.NewUser();
        await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId }, "key-2");

        var other = await fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.FanId }, "key-2");

        await other.ShouldBeProblemAsync(422, "idempotency-conflict");
        (await App.CountAsync($"SELECT count(*) FROM purchases WHERE user_id = '{fan.Id}'")).ShouldBe(1);
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_caller()
    {
        var one = App.NewUser();
        var two = App.NewUser();

        var a = await one.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId }, "shared-key");
        var b = await two.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.FanId }, "shared-key");

        a.StatusCode.ShouldBe(HttpStatusCode.Created);
        b.StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Ten_concurrent_requests_with_one_key_have_one_effect_and_one_answer()
    {
        var fan = App.NewUser();
        await App.ProvisionAsync(fan);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => fan.Client.PostJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId }, "key-race")));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        bodies.Distinct().Count().ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM purchases WHERE user_id = '{fan.Id}'")).ShouldBe(1);
    }

    [Theory]
    [InlineData(256)]
    [InlineData(1000)]
    public async Task A_key_outside_1_to_255_characters_is_400(int length)
    {
        var fan = App.NewUser();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/purchases")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { packageId = TokenPackage.StarterId }),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', length));

        var response = await fan.Client.SendAsync(request);

        await response.ShouldBeProblemAsync(400, "validation");
        (await App.CountAsync($"SELECT count(*) FROM purchases WHERE user_id = '{fan.Id}'")).ShouldBe(0);
    }

    [Fact]
    public async Task A_replayed_tip_answers_the_first_response_even_when_the_wallet_could_not_pay_it_again()
    {
        var fan = await App.FundedUserAsync(10);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var tip = new { creatorId = creator.Id, amount = 10 };

        var first = await fan.Client.PostJsonAsync("/api/tips", tip, "tip-key");
        var replay = await fan.Client.PostJsonAsync("/api/tips", tip, "tip-key");

        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await replay.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE fan_id = '{fan.Id}'")).ShouldBe(1);
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_tip_key_reused_for_another_tip_is_422_and_moves_nothing()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        (await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10 }, "tip-key-2")).StatusCode.ShouldBe(HttpStatusCode.Created);

        var other = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 20 }, "tip-key-2");

        await other.ShouldBeProblemAsync(422, "idempotency-conflict");
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE fan_id = '{fan.Id}'")).ShouldBe(1);
        (await App.BalanceAsync(fan.Id)).ShouldBe(90);
    }

    [Fact]
    public async Task Ten_concurrent_tips_with_one_key_move_tokens_once_and_answer_alike()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount = 10 }, "tip-race")));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.Created);
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()));
        bodies.Distinct().Count().ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE fan_id = '{fan.Id}'")).ShouldBe(1);
        (await App.BalanceAsync(fan.Id)).ShouldBe(90);
    }
}
