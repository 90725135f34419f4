using Digis.Testing;

namespace Digis.Api.FunctionalTests;

/// <summary>Bad input gets the spec's problem+json, never a 500, and changes no balance.</summary>
[Collection(nameof(ApiCollection))]
public sealed class BadInputTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    public static TheoryData<string, string, string?, int, string> Cases() => new()
    {
        { "malformed JSON", "/api/purchases", "{\"packageId\": ", 400, "validation" },
        { "not an object", "/api/purchases", "[1,2]", 400, "validation" },
        { "id as a number", "/api/purchases", "{\"packageId\": 5}", 400, "validation" },
        { "id not a UUID", "/api/purchases", "{\"packageId\": \"starter\"}", 400, "validation" },
        { "empty id", "/api/purchases", "{\"packageId\": \"00000000-0000-0000-0000-000000000000\"}", 400, "validation" },
        { "missing field", "/api/purchases", "{}", 400, "validation" },
        { "empty body", "/api/purchases", "", 400, "validation" },
        { "unknown package", "/api/purchases", "{\"packageId\": \"0193a0f0-0000-7000-8000-0000000000ff\"}", 404, "not-found" },
        { "route id not a UUID", "/api/purchases/not-a-uuid", null, 400, "validation" },
        { "sandbox id not a UUID", "/api/sandbox/checkout/xyz", "", 400, "validation" },
        { "limit zero", "/api/wallet/transactions?limit=0", null, 400, "validation" },
        { "limit too big", "/api/wallet/transactions?limit=101", null, 400, "validation" },
        { "limit not a number", "/api/wallet/transactions?limit=ten", null, 400, "validation" },
        { "limit beyond 32 bits", "/api/wallet/transactions?limit=99999999999999999999", null, 400, "validation" },
        { "garbage cursor", "/api/wallet/transactions?cursor=%%%", null, 400, "validation" },
        { "long cursor", "/api/wallet/transactions?cursor=" + new string('A', 40), null, 400, "validation" },
        { "unknown period", "/api/wallet/stats?period=1y", null, 400, "validation" },
        { "unknown route", "/api/nope", null, 404, "not-found" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_input_is_a_problem_and_changes_nothing(string why, string url, string? body, int status, string code)
    {
        var fan = await App.FundedUserAsync(50);

        var response = body is null ? await fan.Client.GetAsync(url) : await fan.Client.PostRawAsync(url, body);

        var problem = await response.ShouldBeProblemAsync(status, code);
        problem["traceId"].ShouldNotBeNull(why);
        (await App.BalanceAsync(fan.Id)).ShouldBe(50, why);
        (await App.CountAsync($"SELECT count(*) FROM purchases WHERE user_id = '{fan.Id}'")).ShouldBe(0, why);
    }

    [Fact]
    public async Task A_body_over_64_KiB_is_413()
    {
        var fan = await App.FundedUserAsync(50);
        var body = "{\"packageId\":\"" + new string('a', 80 * 1024) + "\"}";

        var response = await fan.Client.PostRawAsync("/api/purchases", body);

        await response.ShouldBeProblemAsync(413, "payload-too-large");
        (await App.BalanceAsync(fan.Id)).ShouldBe(50);
    }

    [Fact]
    public async Task A_webhook_body_that_is_not_json_but_signed_is_400()
    {
        const string payload = "not json";

        var response = await Webhooks.DeliverAsync(App.CreateClient(), payload, Webhooks.Sign(payload));

        await response.ShouldBeProblemAsync(400, "validation");
    }
}
