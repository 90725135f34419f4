using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

/// <summary>
/// Random bodies and query strings (fixed seeds, so a failure reproduces) against every POST/PUT body and
/// every query parameter of the API: wrong types, huge and fractional numbers, numbers beyond 64 bits,
/// unicode and control characters, missing and extra fields, broken JSON. Always 2xx or a 4xx problem+json
/// — never a 5xx — and, with payers who hold no tokens, never a ledger change.
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class FuzzTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private const int CasesPerTarget = 60;

    private static readonly (string Method, string Path, string[] Fields)[] BodyTargets =
    [
        ("POST", "/api/purchases", ["packageId"]),
        ("POST", "/api/tips", ["creatorId", "amount", "message", "streamId", "callId"]),
        ("POST", "/api/streams", ["title", "description", "category", "ticketPrice"]),
        ("PUT", "/api/creators/me/call-settings", ["ratePerMinute", "available"]),
        ("POST", "/api/calls", ["creatorId"]),
        ("POST", "/api/cashouts", ["tokens"]),
        ("POST", "/api/webhooks/payments", ["id", "type", "data"]),
        ("PUT", "/api/creators/me/tip-menu", ["items"]),
    ];

    private static readonly (string Path, string[] Parameters)[] QueryTargets =
    [
        ("/api/wallet/transactions", ["limit", "cursor"]),
        ("/api/wallet/stats", ["period"]),
        ("/api/streams", ["status", "limit", "cursor"]),
        ("/api/cashouts", ["limit", "cursor"]),
        ("/api/wallet/transactions.csv", ["from", "to"]),
        ("/api/creators/me/earnings.csv", ["from", "to"]),
    ];

    /// <summary>Dates and times at and past the edges an export takes (SPEC §19), mixed into the query fuzz.</summary>
    private static readonly string[] DateEdges =
    [
        "9999-12-31", "9999-12-30", "0001-01-01", "1969-12-31", "1970-01-01", "2024-02-29", "2023-02-29", "2026-13-01",
        "9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:00:00-14:00", "2026-12-06T12:00:00Z", "",
    ];

    [Fact]
    public async Task Random_bodies_never_fail_the_server_nor_move_tokens()
    {
        var fan = await App.FundedUserAsync(0);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var transfersBefore = await App.CountAsync("SELECT count(*) FROM transfers");
        var failures = new List<string>();
        var seed = 0;
        foreach (var (method, path, fields) in BodyTargets)
        {
            for (var i = 0; i < CasesPerTarget; i++)
            {
                var random = new Random(++seed);
                var body = random.Next(6) == 0 ? BrokenJson(random) : RandomObject(random, fields, creator.Id).ToJsonString();
                var caller = random.Next(2) == 0 ? fan : creator;
                using var request = new HttpRequestMessage(new HttpMethod(method), path)
                {
                    Content = new StringContent(body, Encoding.UTF8, "application/json"),
                };
                if (method == "POST" && random.Next(3) == 0)
                {
                    // Only what an HTTP client can put in a header: printable ASCII, 0..300 long (valid is 1..255).
                    request.Headers.TryAddWithoutValidation("Idempotency-Key", new string('k', random.Next(0, 301)) + random.Next());
                }

                await CheckAsync(caller.Client, request, $"seed {seed}: {method} {path} {body}", failures);
            }
        }

        foreach (var (path, parameters) in QueryTargets)
        {
            for (var i = 0; i < CasesPerTarget; i++)
            {
                var random = new Random(++seed);
                var query = string.Join('&', parameters.Where(_ => random.Next(3) > 0)
                    .Select(p => $"{p}={Uri.EscapeDataString((p is "from" or "to" && random.Next(3) > 0 ? DateEdges[random.Next(DateEdges.Length)] : RandomScalar(random).ToString()) ?? "")}"));
                using var request = new HttpRequestMessage(HttpMethod.Get, $"{path}?{query}");
                await CheckAsync(creator.Client, request, $"seed {seed}: GET {path}?{query}", failures);
            }
        }

        failures.ShouldBeEmpty();
        (await App.CountAsync("SELECT count(*) FROM transfers")).ShouldBe(transfersBefore);
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
    }

    /// <summary>64-bit edges (and just beyond) as they appear on the wire, in every amount field.</summary>
    public static readonly string[] IntegerEdges =
    [
        "9223372036854775807", "-9223372036854775808", "0", "-1", "9007199254740993", "9000000000000000000", "9e18",
        "2000000000000000000", "1844674407370955161", "4611686018427387904", "9223372036854775808", "-9223372036854775809",
    ];

    [Fact]
    public async Task Every_amount_field_takes_any_64_bit_integer_and_answers_a_4xx_problem()
    {
        var fan = await App.FundedUserAsync(5_000);
        var creator = await App.FundedUserAsync(5_000, UserRole.Creator);
        await App.EarnClearedAsync(creator.Id, 5_000);
        var live = await creator.GoLiveAsync();
        var transfersBefore = await App.CountAsync("SELECT count(*) FROM transfers");
        (string Method, string Path, TestUser Caller, string Body)[] targets =
        [
            ("POST", "/api/tips", fan, $$"""{"creatorId":"{{creator.Id}}","amount":AMOUNT}"""),
            ("POST", "/api/tips", fan, $$"""{"creatorId":"{{creator.Id}}","amount":AMOUNT,"message":"hi","streamId":"{{live}}"}"""),
            ("POST", "/api/cashouts", creator, """{"tokens":AMOUNT}"""),
            ("POST", "/api/streams", creator, """{"title":"edge","ticketPrice":AMOUNT}"""),
            ("PUT", "/api/creators/me/call-settings", creator, """{"ratePerMinute":AMOUNT,"available":true}"""),
        ];

        var failures = new List<string>();
        foreach (var (method, path, caller, template) in targets)
        {
            foreach (var edge in IntegerEdges)
            {
                var body = template.Replace("AMOUNT", edge, StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                using var response = await caller.Client.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status is < 400 or >= 500 || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{method} {path} {body} → {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }

        failures.ShouldBeEmpty();
        (await App.CountAsync("SELECT count(*) FROM transfers")).ShouldBe(transfersBefore);
        (await App.BalanceAsync(fan.Id)).ShouldBe(5_000);
        (await App.BalanceAsync(creator.Id)).ShouldBe(5_000);
        (await App.EarnedAsync(creator.Id)).ShouldBe(5_000);
        (await App.CountAsync($"SELECT count(*) FROM streams WHERE creator_id = '{creator.Id}'")).ShouldBe(1);
    }

    [Fact]
    public async Task Provider_amounts_take_any_64_bit_integer_without_a_5xx_or_a_credit()
    {
        var fan = await App.FundedUserAsync(0);
        var packageId = (await (await fan.Client.GetAsync("/api/token-packages")).ReadJsonAsync())[0]!["id"]!.GetValue<string>();
        using var provider = App.CreateClient();
        var failures = new List<string>();
        foreach (var edge in IntegerEdges)
        {
            var purchase = (await (await fan.Client.PostJsonAsync("/api/purchases", new { packageId })).ReadJsonAsync())["id"]!.GetValue<string>();
            foreach (var template in new[]
            {
                """{"id":"evt_EVENT","type":"checkout.session.completed","data":{"object":{"client_reference_id":"PURCHASE","amount_total":EDGE,"currency":"usd","payment_status":"paid"}}}""",
                """{"id":"evt_EVENT","type":"charge.refunded","data":{"object":{"amount_refunded":EDGE,"metadata":{"purchaseId":"PURCHASE"}}}}""",
            })
            {
                var payload = template.Replace("EVENT", Guid.NewGuid().ToString("N"), StringComparison.Ordinal)
                    .Replace("PURCHASE", purchase, StringComparison.Ordinal).Replace("EDGE", edge, StringComparison.Ordinal);
                using var response = await Webhooks.DeliverAsync(provider, payload, Webhooks.Sign(payload));
                var status = (int)response.StatusCode;
                if (status >= 500 || (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json"))
                {
                    failures.Add($"{payload} → {status}");
                }
            }
        }

        failures.ShouldBeEmpty();
        (await App.BalanceAsync(fan.Id)).ShouldBe(0);
    }

    private static async Task CheckAsync(HttpClient client, HttpRequestMessage request, string what, List<string> failures)
    {
        using var response = await client.SendAsync(request);
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            failures.Add($"{what} → {status}");
        }
        else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{what} → {status} without problem+json");
        }
    }

    private static JsonObject RandomObject(Random random, string[] fields, Guid creatorId)
    {
        var json = new JsonObject();
        foreach (var field in fields.Where(_ => random.Next(4) > 0))
        {
            json[field] = random.Next(5) == 0 && field.EndsWith("Id", StringComparison.Ordinal)
                ? JsonValue.Create(random.Next(2) == 0 ? creatorId.ToString() : Guid.NewGuid().ToString())
                : RandomNode(random, depth: 0);
        }

        if (random.Next(3) == 0)
        {
            json["extra" + random.Next(100)] = RandomNode(random, depth: 0);
        }

        return json;
    }

    private static JsonNode? RandomNode(Random random, int depth) => random.Next(depth > 1 ? 4 : 6) switch
    {
        0 => null,
        1 => JsonValue.Create(RandomText(random, 0, 300)),
        2 => JsonNode.Parse(RandomNumber(random)),
        3 => JsonValue.Create(random.Next(2) == 0),
        4 => new JsonArray(Enumerable.Range(0, random.Next(4)).Select(_ => RandomNode(random, depth + 1)).ToArray()),
        _ => new JsonObject { ["nested"] = RandomNode(random, depth + 1) },
    };

    private static object RandomScalar(Random random) => random.Next(3) switch
    {
        0 => RandomNumber(random),
        1 => RandomText(random, 0, 40),
        _ => Convert.ToBase64String(Guid.NewGuid().ToByteArray()),
    };

    private static string RandomNumber(Random random) => random.Next(12) switch
    {
        0 => "9223372036854775807",
        1 => "9223372036854775808",
        2 => "-9223372036854775809",
        3 => "1e400",
        4 => "-0.5",
        5 => "0",
        6 => "100000000000000000000000000000",
        7 => random.NextDouble().ToString("R", CultureInfo.InvariantCulture),
        8 or 9 => IntegerEdges[random.Next(IntegerEdges.Length)],
        _ => random.NextInt64(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture),
    };

    private static string RandomText(Random random, int min, int max)
    {
        // Control, format (Cf: U+202E, U+061C, U+00AD), separator (U+2028/2029) and tag characters (U+E0041, a pair) beside
        // plain ones; a surrogate is written as a pair, or alone (text no UTF-8 can hold).
        const string pool = "aZ09 _-<>&\"'\\/\u0000\u0007\t\n\r\u00e9\u4e2d\u202e\u061c\u00ad\u2028\u2029\ud83d\ude00\udb40\udc41\uffff";
        var length = random.Next(min, max + 1);
        var text = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            var c = pool[random.Next(pool.Length)];
            if (char.IsSurrogate(c))
            {
                text.Append(random.Next(3) switch { 0 => "\ud83d\ude00", 1 => "\udb40\udc41", _ => "\ud800" });
            }
            else
            {
                text.Append(c);
            }
        }

        return text.ToString();
    }

    private static string BrokenJson(Random random) => random.Next(6) switch
    {
        0 => "{",
        1 => "{\"amount\": }",
        2 => "[1,2,3]",
        3 => "\"just a string\"",
        4 => "{\"amount\": 1,}",
        _ => new string('{', random.Next(1, 2000)),
    };
}
