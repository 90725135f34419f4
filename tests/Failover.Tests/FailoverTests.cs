using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Digis.Domain.Purchases;
using Digis.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Digis.Failover.Tests;

/// <summary>
/// The failover run (SPEC §12): the whole stack on a pg_auto_failover formation, mixed load through the gateway
/// whose clients retry with their Idempotency-Keys (purchases completed by the provider's webhook, tips, tickets,
/// calls, and one call metered all along), and the primary's PostgreSQL killed with SIGKILL. The standby is
/// promoted, the load goes on, and afterwards every 2xx-acknowledged operation is in the new primary's ledger
/// exactly once, the ledger reconciles, the old primary is the standby again on its own data directory, and the
/// hub, metering, reconciliation and the console work without a restart. Prints the write outage.
/// </summary>
[Collection(Formation.Collection)]
public sealed partial class FailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>SPEC §12: from the last write acknowledged before the kill to the first one after it.</summary>
    private static readonly TimeSpan OutageTarget = TimeSpan.FromSeconds(20);

    /// <summary>What a client waits for an answer; a request that takes longer hangs.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly FailoverStack _stack = new();
    private readonly ConcurrentBag<(string Kind, Guid Id)> _acknowledged = [];
    private readonly ConcurrentBag<DateTime> _writes = [];
    private readonly ConcurrentBag<string> _otherFailures = [];
    private int _status503;
    private int _retries;
    private int _hung;
    private long _longestTicks;

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task Every_acknowledged_operation_survives_the_loss_of_the_primary_and_the_old_primary_rejoins_as_the_standby()
    {
        var cluster = _stack.Cluster;
        var creators = Enumerable.Range(0, 3).Select(i => _stack.NewToken("creator", $"failover creator {i}")).ToArray();
        var fans = Enumerable.Range(0, 8).Select(i => _stack.NewToken("fan", $"failover fan {i}")).ToArray();
        var creatorIds = new Guid[creators.Length];
        var streams = new Guid[creators.Length];
        for (var i = 0; i < creators.Length; i++)
        {
            using var client = Client(creators[i]);
            creatorIds[i] = (await client.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
            (await client.PutAsJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 2, available = true })).EnsureSuccessStatusCode();
            var stream = await (await client.PostAsJsonAsync("/api/streams", new { title = "failover show", ticketPrice = 3 })).Content.ReadFromJsonAsync<JsonElement>();
            streams[i] = stream.GetProperty("id").GetGuid();
        }

        // One call metered all along, with a creator of its own: block 0 is charged when both sides' media connects,
        // block 1 starts 30 s later, well after the kill, so the metering service must charge it on the new primary.
        var (caller, callee) = (_stack.NewToken("fan", "failover caller"), _stack.NewToken("creator", "failover callee"));
        using var callerClient = Client(caller);
        using var calleeClient = Client(callee);
        var calleeId = (await calleeClient.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
        (await calleeClient.PutAsJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 2, available = true })).EnsureSuccessStatusCode();
        (await BuyTokensAsync(callerClient)).ShouldNotBeNull("the caller's purchase");
        var meteredCall = (await PostAsync(callerClient, "/api/calls", new { creatorId = calleeId }))!.Value.GetProperty("id").GetGuid();
        (await PostAsync(calleeClient, $"/api/calls/{meteredCall}/accept", null)).ShouldNotBeNull("the metered call's accept");
        (await PostAsync(callerClient, $"/api/calls/{meteredCall}/media", new { connected = true })).ShouldNotBeNull("the caller's media");
        (await PostAsync(calleeClient, $"/api/calls/{meteredCall}/media", new { connected = true })).ShouldNotBeNull("the callee's media");
        var billingStarted = DateTime.UtcNow; // billing started: block 1 falls due 30 s from here
        _acknowledged.Add(("call", meteredCall));

        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll(fans.Select((fan, i) => FanLoopAsync(fan, creatorIds, streams, creators, i, stop.Token))
            .Append(HeartbeatsAsync(callerClient, calleeClient, meteredCall, stop.Token)));

        await Task.Delay(TimeSpan.FromSeconds(8));
        var before = await cluster.NodesAsync();
        var primary = before.Single(n => n.Is("primary"));
        var standby = before.Single(n => n.Is("secondary"));
        var dataDirectory = await cluster.DataDirectoryIdAsync(primary.Name);
        var acknowledgedBeforeKill = _acknowledged.Count;
        // The API reads the primary's synchronous standby (digis_postgres_synchronous_standbys, SPEC §20's alert).
        (await StandbysReportedAsync()).ShouldBe(1, "the API's count of synchronous standbys before the kill");

        var killed = DateTime.UtcNow;
        cluster.KillPostgres(primary.Name);
        var notReady = WatchReadinessAsync(stop.Token);
        await cluster.WaitForAsync(nodes => nodes.Single(n => n.Name == standby.Name).Reported is "wait_primary" or "primary",
            TimeSpan.FromSeconds(60), "the standby's promotion");
        var promoted = DateTime.UtcNow;
        await cluster.WaitForAsync(nodes => nodes.Single(n => n.Name == primary.Name).Is("secondary") && nodes.Single(n => n.Name == standby.Name).Is("primary"),
            TimeSpan.FromSeconds(120), "the old primary's return as the standby");
        var rejoined = DateTime.UtcNow;

        // The load goes on after the rejoin, and until the metered call's block 1 is due and charged.
        var end = new[] { DateTime.UtcNow + TimeSpan.FromSeconds(5), billingStarted + TimeSpan.FromSeconds(34) }.Max();
        await Task.Delay(end - DateTime.UtcNow);
        var acknowledgedAfterKill = _acknowledged.Count - acknowledgedBeforeKill;
        await stop.CancelAsync();
        await load;
        var sawNotReady = await notReady;

        // The outage: the longest pause in acknowledged writes from the kill on. Backends of the killed postmaster
        // finish what they were doing (and the standby acknowledges it), so the last write before the outage can
        // come a little after the kill itself.
        var writes = _writes.Where(w => w > killed - TimeSpan.FromSeconds(5)).Order().ToArray();
        var (lastBefore, firstAfter) = writes.Zip(writes.Skip(1)).Where(p => p.Second > killed).MaxBy(p => p.Second - p.First);
        var outage = firstAfter - lastBefore;
        var figures = $"failover: write outage {Seconds(outage)} s (primary killed {killed:HH:mm:ss.fff}, last write acknowledged before the outage " +
            $"{lastBefore:HH:mm:ss.fff}, first after {firstAfter:HH:mm:ss.fff}); standby promoted after {Seconds(promoted - killed)} s, old primary back as " +
            $"the standby after {Seconds(rejoined - killed)} s; longest request {Seconds(TimeSpan.FromTicks(_longestTicks))} s\n" +
            string.Join('\n', (await cluster.EventsAsync(killed)).Select(e => $"  monitor {e}"));
        output.WriteLine(figures);
        Console.WriteLine(figures);

        await PostAsync(callerClient, $"/api/calls/{meteredCall}/end", null);
        await TheHubWorksAsync(fans, creators[0], creatorIds[0]);
        await TheConsoleWorksAsync();
        await ReadsWorkAsync(fans[0], streams[0], creatorIds[0]);
        (await StandbysReportedAsync()).ShouldBe(1, "the API's count of synchronous standbys once the old primary is back as the standby");
        await using var database = new NpgsqlConnection(_stack.OwnerConnectionString);
        await database.OpenAsync();
        var blocks = await ScalarAsync(database, "SELECT blocks_billed FROM calls WHERE id = @id", meteredCall);
        var reconciledSincePromotion = await ScalarAsync(database,
            "SELECT count(*) FROM reconciliation_runs WHERE at > @at AND mismatches = 0", at: promoted);
        var report = await VerifyAsync(database);

        var summary = $"failover: {_acknowledged.Count} operations acknowledged ({string.Join(", ", _acknowledged.GroupBy(a => a.Kind).Select(g => $"{g.Count()} {g.Key}"))}), " +
            $"{acknowledgedAfterKill} after the kill; retries {_retries}, 503 answers {_status503}, other failures {_otherFailures.Count}, hung requests {_hung}; " +
            $"metered call blocks {blocks}; missing {report.Missing.Count}{string.Concat(report.Missing.Select(m => $" ({m})"))}, duplicates {report.Duplicates}, half-applied {report.HalfApplied}, ledger mismatches {report.Mismatches}";
        output.WriteLine(summary);
        Console.WriteLine(summary);

        _acknowledged.Count.ShouldBeGreaterThan(50, "the run must have done real work");
        acknowledgedAfterKill.ShouldBeGreaterThan(0, "writes must go on after the promotion without a restart");
        _otherFailures.ShouldBeEmpty("while there is no primary a request answers 503 or succeeds");
        _hung.ShouldBe(0, "no request may hang past its timeout");
        sawNotReady.ShouldBeTrue("/health/ready must say not ready while there is no primary");
        outage.ShouldBeLessThan(OutageTarget);
        report.Missing.ShouldBeEmpty("acknowledged, then lost");
        report.Duplicates.ShouldBe(0);
        report.HalfApplied.ShouldBe(0);
        report.Mismatches.ShouldBe(0);
        blocks.ShouldBeGreaterThanOrEqualTo(2, "metering must charge the call's block 1, due after the failover");
        reconciledSincePromotion.ShouldBeGreaterThan(0, "reconciliation must run on the new primary");
        (await cluster.DataDirectoryIdAsync(primary.Name)).ShouldBe(dataDirectory, "the old primary must rejoin on its own data directory");
    }

    private async Task FanLoopAsync(string fan, Guid[] creatorIds, Guid[] streams, string[] creators, int seed, CancellationToken stop)
    {
        var random = new Random(seed);
        using var client = Client(fan);
        while (!stop.IsCancellationRequested)
        {
            var creator = random.Next(creatorIds.Length);
            switch (random.Next(10))
            {
                case < 3:
                    if (await BuyTokensAsync(client) is { } purchase)
                    {
                        _acknowledged.Add(("purchase", purchase));
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
                default:
                    if (await PostAsync(client, "/api/calls", new { creatorId = creatorIds[creator] }) is { } call)
                    {
                        var id = call.GetProperty("id").GetGuid();
                        using var creatorClient = Client(creators[creator]);
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
            }
        }
    }

    /// <summary>A purchase of the starter bundle, completed by the provider's signed webhook (redelivered until answered).</summary>
    private async Task<Guid?> BuyTokensAsync(HttpClient client)
    {
        if (await PostAsync(client, "/api/purchases", new { packageId = TokenPackage.StarterId }) is not { } purchase)
        {
            return null;
        }

        var id = purchase.GetProperty("id").GetGuid();
        var payload = Webhooks.CheckoutCompleted(id, 999, eventId: $"evt_{id:N}");
        var delivered = await SendAsync(client, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/payments")
            {
                Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", Webhooks.Sign(payload));
            return request;
        });
        return delivered is null ? null : id;
    }

    /// <summary>Both participants' signs of life, so every block of the metered call is charged when it starts.</summary>
    private async Task HeartbeatsAsync(HttpClient caller, HttpClient callee, Guid call, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.WhenAll(
                SendAsync(caller, () => new HttpRequestMessage(HttpMethod.Post, $"/api/calls/{call}/heartbeat"), countsAsWrite: false),
                SendAsync(callee, () => new HttpRequestMessage(HttpMethod.Post, $"/api/calls/{call}/heartbeat"), countsAsWrite: false));
            await Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None);
        }
    }

    /// <summary>Polls the API's readiness until the load stops; true when it said "not ready" at least once.</summary>
    private async Task<bool> WatchReadinessAsync(CancellationToken stop)
    {
        using var probe = new HttpClient { BaseAddress = _stack.Apis[0].BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var sawNotReady = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await probe.GetAsync("/health/ready", CancellationToken.None);
                sawNotReady |= response.StatusCode != HttpStatusCode.OK;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                _otherFailures.Add($"/health/ready: {ex.GetType().Name}");
            }

            await Task.Delay(100, CancellationToken.None);
        }

        return sawNotReady;
    }

    private Task<JsonElement?> PostAsync(HttpClient client, string path, object? body)
    {
        var key = Guid.NewGuid().ToString();
        return SendAsync(client, () =>
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

    /// <summary>
    /// Sends until a definitive answer, as a careful client does: the same request (same Idempotency-Key) again
    /// after a 503 or a lost answer. The body on 2xx (acknowledged), null on 4xx (refused). Any other answer is
    /// recorded as a failure, and so is an answer that took longer than <see cref="RequestTimeout"/>.
    /// </summary>
    private async Task<JsonElement?> SendAsync(HttpClient client, Func<HttpRequestMessage> request, bool countsAsWrite = true)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                using var message = request();
                using var response = await client.SendAsync(message);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                if (status is >= 200 and < 300)
                {
                    if (countsAsWrite)
                    {
                        _writes.Add(DateTime.UtcNow);
                    }

                    return body.Length == 0 ? default(JsonElement) : JsonSerializer.Deserialize<JsonElement>(body);
                }

                if (status < 500)
                {
                    return null;
                }

                if (status == 503 && UnavailableCode().IsMatch(body))
                {
                    Interlocked.Increment(ref _status503);
                }
                else
                {
                    _otherFailures.Add($"{message.RequestUri}: {status} {body}");
                }
            }
            catch (TaskCanceledException)
            {
                Interlocked.Increment(ref _hung);
            }
            catch (HttpRequestException ex)
            {
                _otherFailures.Add($"transport: {ex.Message}");
            }
            finally
            {
                var ticks = Stopwatch.GetElapsedTime(started).Ticks;
                for (var longest = Interlocked.Read(ref _longestTicks); ticks > longest; longest = Interlocked.Read(ref _longestTicks))
                {
                    Interlocked.CompareExchange(ref _longestTicks, ticks, longest);
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("no definitive answer within 120 s");
            }

            Interlocked.Increment(ref _retries);
            await Task.Delay(200);
        }
    }

    private async Task TheHubWorksAsync(string[] fans, string creator, Guid creatorId)
    {
        await using var live = await LiveClient.ConnectAsync(_stack.Gateway.BaseAddress, creator);
        using var fan = Client(fans.First());
        (await BuyTokensAsync(fan)).ShouldNotBeNull();
        var tip = (await PostAsync(fan, "/api/tips", new { creatorId, amount = 1 }))!.Value.GetProperty("id").GetGuid();
        _acknowledged.Add(("tip", tip));
        (await live.NextAsync("tip", e => e.GetProperty("id").GetGuid() == tip, TimeSpan.FromSeconds(15))).ValueKind.ShouldBe(JsonValueKind.Object);
    }

    private async Task TheConsoleWorksAsync()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false })
        {
            BaseAddress = _stack.Gateway.BaseAddress,
            Timeout = RequestTimeout,
        };
        var page = await client.GetStringAsync("/admin/signin");
        using var signIn = await client.PostAsync("/admin/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = GatewayStack.AdminEmail,
            ["Password"] = GatewayStack.AdminPassword,
            ["__RequestVerificationToken"] = AntiforgeryField().Match(page).Groups[1].Value,
        }));
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, await signIn.Content.ReadAsStringAsync());
        foreach (var path in new[] { "/admin/", "/admin/reconciliation", "/admin/cashouts" })
        {
            using var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }
    }

    private async Task ReadsWorkAsync(string fan, Guid stream, Guid creator)
    {
        using var client = Client(fan);
        foreach (var path in new[] { "/api/me", "/api/wallet", "/api/wallet/transactions", $"/api/streams/{stream}", $"/api/creators/{creator}", $"/api/creators/{creator}/streams", "/api/token-packages" })
        {
            using var response = await client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
        }
    }

    /// <summary><paramref name="Missing"/>: each acknowledged operation not found, as "kind id".</summary>
    private sealed record Verification(IReadOnlyList<string> Missing, long Duplicates, long HalfApplied, long Mismatches);

    /// <summary>Every acknowledged operation once in the ledger, nothing half-applied, balances equal to their entries and summing to 0.</summary>
    private async Task<Verification> VerifyAsync(NpgsqlConnection connection)
    {
        var missing = new List<string>();
        foreach (var group in _acknowledged.GroupBy(a => a.Kind))
        {
            var (kind, table) = group.Key switch
            {
                "purchase" => ("Purchase", "purchases"),
                "tip" => ("Tip", "tips"),
                "ticket" => ("Ticket", "tickets"),
                _ => ("CallBlock", "calls"),
            };
            await using var command = new NpgsqlCommand(
                $"SELECT a.id FROM unnest(@ids) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = a.id) " +
                $"OR NOT EXISTS (SELECT 1 FROM transfers x WHERE x.reference_id = a.id AND x.kind = '{kind}')",
                connection);
            command.Parameters.AddWithValue("ids", group.Select(a => a.Id).Distinct().ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                missing.Add($"{group.Key} {reader.GetGuid(0)}");
            }
        }

        var duplicates = await ScalarAsync(connection, """
            SELECT (SELECT count(*) FROM (
                        SELECT reference_id, kind FROM transfers WHERE kind IN ('Purchase', 'Tip', 'Ticket')
                        GROUP BY reference_id, kind HAVING count(*) > 1) d)
                 + (SELECT count(*) FROM calls c
                    WHERE c.blocks_billed <> (SELECT count(*) FROM call_blocks b WHERE b.call_id = c.id)
                       OR c.blocks_billed <> (SELECT count(*) FROM transfers x WHERE x.reference_id = c.id AND x.kind = 'CallBlock'))
            """);
        var halfApplied = await ScalarAsync(connection, """
            SELECT (SELECT count(*) FROM tips t WHERE NOT EXISTS (SELECT 1 FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Tip'))
                 + (SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM transfers x WHERE x.reference_id = t.id AND x.kind = 'Ticket'))
                 + (SELECT count(*) FROM purchases p WHERE p.status = 'Completed' AND NOT EXISTS (SELECT 1 FROM transfers x WHERE x.reference_id = p.id AND x.kind = 'Purchase'))
                 + (SELECT count(*) FROM transfers x WHERE (SELECT count(*) FROM ledger_entries e WHERE e.transfer_id = x.id) <> 2)
            """);
        var mismatches = await ScalarAsync(connection, """
            SELECT (SELECT CASE WHEN sum(balance) = 0 THEN 0 ELSE 1 END FROM accounts)
                 + (SELECT count(*) FROM accounts a WHERE a.balance <> COALESCE((SELECT sum(amount) FROM ledger_entries e WHERE e.account_id = a.id), 0))
                 + (SELECT count(*) FROM accounts a WHERE a.kind = 'Wallet' AND a.balance < 0)
            """);
        return new Verification(missing, duplicates, halfApplied, mismatches);
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql, Guid? id = null, DateTime? at = null)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        if (id is not null)
        {
            command.Parameters.AddWithValue("id", id.Value);
        }

        if (at is not null)
        {
            command.Parameters.AddWithValue("at", at.Value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    private HttpClient Client(string token)
    {
        var client = _stack.Client(token);
        client.Timeout = RequestTimeout;
        return client;
    }

    /// <summary>What the API's <c>/metrics</c> says of the primary's synchronous standbys, once it says 1 or after 40 s.</summary>
    private async Task<double> StandbysReportedAsync()
    {
        var metrics = new Uri(_stack.Apis[0].BaseAddress, "/metrics");
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (true)
        {
            var standbys = (await MetricsScrape.OfAsync(metrics))["digis_postgres_synchronous_standbys"];
            if (standbys == 1 || DateTime.UtcNow > deadline)
            {
                return standbys;
            }

            await Task.Delay(500);
        }
    }

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    [GeneratedRegex("\"code\"\\s*:\\s*\"unavailable\"")]
    private static partial Regex UnavailableCode();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
