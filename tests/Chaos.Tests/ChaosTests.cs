using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Digis.Domain.Purchases;
using Digis.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Digis.Chaos.Tests;

/// <summary>
/// The chaos run (SPEC §9 last line): a real API process under mixed load — purchases, tips, tickets,
/// calls, cash-outs — whose clients retry with their Idempotency-Keys until they get a definitive answer,
/// while the API is killed with SIGKILL and restarted and PostgreSQL is restarted. Afterwards every
/// 2xx-acknowledged operation must be in the ledger exactly once and the ledger must reconcile.
/// (Test assemblies run one at a time, so restarting the shared PostgreSQL disturbs no other test.)
/// </summary>
public sealed class ChaosTests(ITestOutputHelper output)
{
    /// <summary>How long the load goes on after PostgreSQL is back: the API must recover by itself within it.</summary>
    private static readonly TimeSpan RecoveryTime = TimeSpan.FromSeconds(10);
    private readonly ConcurrentBag<(string Kind, Guid Id)> _acknowledged = [];
    private int _status5xx;
    private int _status503;
    private int _retries;

    [Fact]
    public async Task Every_acknowledged_operation_is_in_the_ledger_exactly_once_after_kills_and_restarts()
    {
        var owner = await TestDatabase.CreateAsync("digis_test_chaos");
        var database = await TestDatabase.AsAppAsync(owner);
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:Digis"] = database,
            ["ConnectionStrings:DigisMigrations"] = owner,
            ["Auth:SigningKey"] = DigisApiFactory.SigningKey,
            ["Payments:WebhookSecret"] = DigisApiFactory.WebhookSecret,
            ["Payments:ConnectWebhookSecret"] = DigisApiFactory.ConnectWebhookSecret,
            ["Payments:Provider"] = "sandbox",
            ["Payouts:PayoutIntervalSeconds"] = "1", // cash-outs are paid (sandbox Connect) while the faults happen
            ["Billing:WebhookSecret"] = DigisApiFactory.BillingSecret,
            ["Billing:MeterIntervalSeconds"] = "1",
            ["Payouts:MinimumTokens"] = "100",
            ["Database:MigrateOnStartup"] = "true",
        };
        var api = HostProcess.Start("Api", settings, name: "chaos-api");
        await api.WaitReadyAsync();
        var port = api.Port;
        var baseAddress = api.BaseAddress;

        var creators = Enumerable.Range(0, 3).Select(i => DigisApiFactory.TokenFor(Guid.CreateVersion7(), "creator", $"chaos creator {i}")).ToArray();
        var fans = Enumerable.Range(0, 8).Select(i => DigisApiFactory.TokenFor(Guid.CreateVersion7(), "fan", $"chaos fan {i}")).ToArray();
        var creatorIds = new Guid[creators.Length];
        var streams = new Guid[creators.Length];
        for (var i = 0; i < creators.Length; i++)
        {
            using var client = Client(baseAddress, creators[i]);
            creatorIds[i] = (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
            (await client.PutAsJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 2, available = true })).EnsureSuccessStatusCode();
            var stream = await (await client.PostAsJsonAsync("/api/streams", new { title = "chaos show", ticketPrice = 3 })).Content.ReadFromJsonAsync<JsonElement>();
            streams[i] = stream.GetProperty("id").GetGuid();
            var link = await (await client.PostAsync("/api/creators/me/payout-account", null)).Content.ReadFromJsonAsync<JsonElement>();
            (await client.PostAsync(link.GetProperty("onboardingUrl").GetString(), null)).EnsureSuccessStatusCode(); // the sandbox's onboarding
        }

        // The load runs until RecoveryTime after the last fault, however long the restarts take on a busy machine.
        using var stop = new CancellationTokenSource();
        var faults = new List<string>();
        var load = Task.WhenAll(fans.Select((fan, i) => FanLoopAsync(baseAddress, fan, creatorIds, streams, creators, i, stop.Token)));

        await Task.Delay(TimeSpan.FromSeconds(7));
        api.Kill();
        faults.Add($"API killed (SIGKILL) at {DateTime.UtcNow:HH:mm:ss.fff}");
        await Task.Delay(TimeSpan.FromSeconds(1));
        settings["Database:MigrateOnStartup"] = "false";
        await api.DisposeAsync();
        api = HostProcess.Start("Api", settings, name: "chaos-api", port: port);
        await api.WaitReadyAsync();
        faults.Add("API restarted");

        await Task.Delay(TimeSpan.FromSeconds(6));
        await RestartPostgresAsync();
        faults.Add($"PostgreSQL restarted at {DateTime.UtcNow:HH:mm:ss.fff}");
        var acknowledgedBeforeRecovery = _acknowledged.Count;

        stop.CancelAfter(RecoveryTime);
        await load;
        var acknowledgedAfterRecovery = _acknowledged.Count - acknowledgedBeforeRecovery;
        await Task.Delay(TimeSpan.FromSeconds(3)); // the last metering pass and post-commit work
        await api.DisposeAsync();

        var report = await VerifyAsync(database);
        var summary = $"chaos: {_acknowledged.Count} operations acknowledged ({string.Join(", ", _acknowledged.GroupBy(a => a.Kind).Select(g => $"{g.Count()} {g.Key}"))}); " +
            $"faults: {string.Join("; ", faults)}; retries {_retries}, 503 answers {_status503}, other 5xx {_status5xx}; " +
            $"acknowledged after the database came back {acknowledgedAfterRecovery}; missing {report.Missing}, duplicates {report.Duplicates}, half-applied {report.HalfApplied}, ledger mismatches {report.Mismatches}";
        output.WriteLine(summary);
        Console.WriteLine(summary);

        _acknowledged.Count.ShouldBeGreaterThan(50, "the run must have done real work");
        _status503.ShouldBeGreaterThan(0, "the database outage must have been answered with 503");
        acknowledgedAfterRecovery.ShouldBeGreaterThan(0, "the API must recover by itself once PostgreSQL is back");
        _status5xx.ShouldBe(0, "only 503 while the database is down, never 500");
        report.Missing.ShouldBe(0);
        report.Duplicates.ShouldBe(0);
        report.HalfApplied.ShouldBe(0);
        report.Mismatches.ShouldBe(0);
    }

    private async Task FanLoopAsync(Uri baseAddress, string fan, Guid[] creatorIds, Guid[] streams, string[] creators, int seed, CancellationToken stop)
    {
        var random = new Random(seed);
        using var client = Client(baseAddress, fan);
        while (!stop.IsCancellationRequested)
        {
            var creator = random.Next(creatorIds.Length);
            switch (random.Next(10))
            {
                case < 3:
                    var purchase = await PostAsync(client, "/api/purchases", new { packageId = TokenPackage.StarterId });
                    if (purchase is { } p && await PostAsync(client, $"/api/sandbox/checkout/{p.GetProperty("id").GetGuid()}", null) is not null)
                    {
                        var purchaseId = p.GetProperty("id").GetGuid();
                        _acknowledged.Add(("purchase", purchaseId));
                        await ProviderEventsAsync(client, purchaseId, random);
                    }

                    break;
                case < 7:
                    if (await PostAsync(client, "/api/tips", new { creatorId = creatorIds[creator], amount = random.Next(1, 6) }) is { } tip)
                    {
                        _acknowledged.Add(("tip", tip.GetProperty("id").GetGuid()));
                    }

                    break;
                case 7:
                    if (await PostAsync(client, $"/api/streams/{streams[creator]}/tickets", null) is { } ticket)
                    {
                        _acknowledged.Add(("ticket", ticket.GetProperty("id").GetGuid()));
                    }

                    break;
                case 8:
                    if (await PostAsync(client, "/api/calls", new { creatorId = creatorIds[creator] }) is { } call)
                    {
                        var id = call.GetProperty("id").GetGuid();
                        using var creatorClient = Client(baseAddress, creators[creator]);
                        // Block 0 is charged when both sides' media connects (SPEC §17): that answer acknowledges the call.
                        if (await PostAsync(creatorClient, $"/api/calls/{id}/accept", null) is not null
                            && await PostAsync(client, $"/api/calls/{id}/media", new { connected = true }) is not null
                            && await PostAsync(creatorClient, $"/api/calls/{id}/media", new { connected = true }) is { } connected
                            && connected.GetProperty("blocksBilled").GetInt32() > 0)
                        {
                            _acknowledged.Add(("call", id));
                        }

                        await PostAsync(client, $"/api/calls/{id}/end", null);
                        await PostAsync(client, $"/api/calls/{id}/cancel", null); // a request the creator could not accept
                    }

                    break;
                default:
                    using (var creatorClient = Client(baseAddress, creators[creator]))
                    {
                        if (await PostAsync(creatorClient, "/api/cashouts", new { tokens = 100 }) is { } cashout)
                        {
                            _acknowledged.Add(("cashout", cashout.GetProperty("id").GetGuid()));
                        }
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// Some purchases are then disputed (won or lost) or refunded (in part or whole), each event delivered once or twice,
    /// as the provider would, through the same faults as the rest of the load (SPEC §11 "Provider events").
    /// </summary>
    private async Task ProviderEventsAsync(HttpClient client, Guid purchaseId, Random random)
    {
        var paymentIntent = "pi_sandbox_" + purchaseId.ToString("N"); // what the sandbox's completion names
        string[] events = random.Next(4) switch
        {
            0 => [Webhooks.DisputeCreated(paymentIntent), Webhooks.DisputeClosed(paymentIntent, won: random.Next(2) == 0)],
            1 => [Webhooks.ChargeRefunded(purchaseId, amountRefunded: random.Next(1, 1_000), paymentIntent: paymentIntent)],
            _ => [],
        };
        foreach (var payload in events)
        {
            for (var delivery = random.Next(1, 3); delivery > 0; delivery--)
            {
                if (await DeliverAsync(client, payload))
                {
                    _acknowledged.Add((payload.Contains("dispute", StringComparison.Ordinal) ? "dispute" : "refund", purchaseId));
                }
            }
        }
    }

    /// <summary>Delivers a signed provider event (signed afresh at each try), retried on connection errors and 5xx; true on 2xx.</summary>
    private async Task<bool> DeliverAsync(HttpClient client, string payload) =>
        await SendUntilAnsweredAsync(client, "/api/webhooks/payments", () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/payments")
            {
                Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", Webhooks.Sign(payload));
            return request;
        }) is not null;

    /// <summary>
    /// POSTs with one Idempotency-Key, retrying the same request on connection errors and 5xx until a
    /// definitive answer: the body on 2xx (acknowledged), null on 4xx (refused).
    /// </summary>
    private Task<JsonElement?> PostAsync(HttpClient client, string path, object? body)
    {
        var key = Guid.NewGuid().ToString();
        return SendUntilAnsweredAsync(client, path, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.Add("Idempotency-Key", key);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            return request;
        });
    }

    /// <summary>Sends the request <paramref name="make"/> makes until a definitive answer: the body on 2xx, null on 4xx.</summary>
    private async Task<JsonElement?> SendUntilAnsweredAsync(HttpClient client, string path, Func<HttpRequestMessage> make)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var request = make();
                using var response = await client.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    return await response.Content.ReadFromJsonAsync<JsonElement>();
                }

                if (status < 500)
                {
                    return null;
                }

                if (status == (int)HttpStatusCode.ServiceUnavailable)
                {
                    Interlocked.Increment(ref _status503);
                }
                else
                {
                    Interlocked.Increment(ref _status5xx);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                // the API is down or the answer was lost: retry the same request (the same key)
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{path} got no definitive answer within 60 s");
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(200);
        }
    }

    private sealed record Verification(long Missing, long Duplicates, long HalfApplied, long Mismatches);

    private async Task<Verification> VerifyAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        long missing = 0;
        foreach (var group in _acknowledged.Where(a => a.Kind is not ("dispute" or "refund")).GroupBy(a => a.Kind))
        {
            var (kind, table) = group.Key switch
            {
                "purchase" => ("Purchase", "purchases"),
                "tip" => ("Tip", "tips"),
                "ticket" => ("Ticket", "tickets"),
                "call" => ("CallBlock", "calls"),
                _ => ("Cashout", "cashouts"),
            };
            var ids = group.Select(a => a.Id).Distinct().ToArray();
            missing += await ScalarAsync(connection,
                $"SELECT count(*) FROM unnest(@ids) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = a.id) " +
                $"OR NOT EXISTS (SELECT 1 FROM transfers x WHERE x.reference_id = a.id AND x.kind = '{kind}')", ids);
        }

        // An acknowledged provider event is recorded on its purchase.
        missing += await ScalarAsync(connection,
            "SELECT count(*) FROM unnest(@ids) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM purchases p WHERE p.id = a.id AND p.dispute <> 'None')",
            [.. _acknowledged.Where(a => a.Kind == "dispute").Select(a => a.Id).Distinct()]);
        missing += await ScalarAsync(connection,
            "SELECT count(*) FROM unnest(@ids) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM purchases p WHERE p.id = a.id AND p.refunded_cents > 0)",
            [.. _acknowledged.Where(a => a.Kind == "refund").Select(a => a.Id).Distinct()]);

        var duplicates = await ScalarAsync(connection, """
            SELECT count(*) FROM (
                SELECT reference_id, kind FROM transfers WHERE kind IN ('Purchase', 'Tip', 'Ticket', 'Cashout')
                GROUP BY reference_id, kind HAVING count(*) > 1) d
            """)
            + await ScalarAsync(connection, """
            SELECT count(*) FROM calls c
            WHERE c.blocks_billed <> (SELECT count(*) FROM call_blocks b WHERE b.call_id = c.id)
               OR c.blocks_billed <> (SELECT count(*) FROM transfers x WHERE x.reference_id = c.id AND x.kind = 'CallBlock')
            """);
        var halfApplied = await ScalarAsync(connection, """
            SELECT (SELECT count(*) FROM tips t WHERE NOT EXISTS (SELECT 1 FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Tip'))
                 + (SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Ticket'))
                 + (SELECT count(*) FROM purchases p WHERE p.credited AND NOT EXISTS (SELECT 1 FROM transfers x WHERE x.reference_id = p.id AND x.kind = 'Purchase'))
                 + (SELECT count(*) FROM cashouts c WHERE NOT EXISTS (SELECT 1 FROM transfers x WHERE x.reference_id = c.id AND x.kind = 'Cashout'))
                 + (SELECT count(*) FROM transfers x WHERE (SELECT count(*) FROM ledger_entries e WHERE e.transfer_id = x.id) <> 2)
            """);
        var mismatches = await ScalarAsync(connection, """
            SELECT (SELECT CASE WHEN sum(balance) = 0 THEN 0 ELSE 1 END FROM accounts)
                 + (SELECT count(*) FROM accounts a WHERE a.balance <> COALESCE((SELECT sum(amount) FROM ledger_entries e WHERE e.account_id = a.id), 0))
                 + (SELECT count(*) FROM accounts a WHERE a.kind = 'Wallet' AND a.balance < 0)
                 + (SELECT count(*) FROM accounts a WHERE a.kind = 'Held'
                    AND a.balance <> (SELECT coalesce(sum(p.held_tokens), 0) FROM purchases p WHERE p.user_id = a.user_id))
                 + (SELECT count(*) FROM purchases p WHERE p.recovered_tokens <> (SELECT coalesce(sum(x.amount), 0) FROM transfers x
                    WHERE x.reference_id = p.id AND x.kind IN ('PurchaseReversal', 'Chargeback')))
                 + (SELECT count(*) FROM purchases p WHERE p.recovered_tokens + p.unrecovered_tokens > p.tokens)
                 + (SELECT count(*) FROM users u WHERE u.debt <> (SELECT coalesce(sum(p.unrecovered_tokens), 0) FROM purchases p WHERE p.user_id = u.id)
                    - (SELECT coalesce(sum(x.amount), 0) FROM transfers x JOIN accounts w ON w.id = x.debit_account_id
                       WHERE w.user_id = u.id AND x.kind = 'DebtRepayment'))
            """);
        return new Verification(missing, duplicates, halfApplied, mismatches);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, Guid[]? ids = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (ids is not null)
        {
            command.Parameters.AddWithValue("ids", ids);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task RestartPostgresAsync()
    {
        var clusters = await RunAsync("pg_lsclusters", "-h");
        var parts = clusters.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await RunAsync("pg_ctlcluster", $"{parts[0]} {parts[1]} restart");
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? text : throw new InvalidOperationException($"{file} {arguments}: {text}");
    }

    private static HttpClient Client(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
