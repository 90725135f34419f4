using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Digis.Domain.Purchases;
using Digis.Testing;
using Npgsql;

namespace Digis.Failover.Tests;

/// <summary>
/// SPEC §12's promise at its sharpest: no 2xx for a write the synchronous standby does not have. The standby's WAL
/// receiver is stopped (SIGSTOP), so the primary's commits wait for it. A tip committed on the primary alone — its
/// connection cut while it waited, which is what a crash and a restart of the primary leave behind — must not be
/// acknowledged until the standby has it: not by the replay of a retry with its Idempotency-Key, and not when the
/// command timeout runs out (PostgreSQL answers a cancelled wait with success). A client that retries the way the
/// failover test's do gets its 201 only after the standby is let go, and the tip is on the standby.
/// </summary>
[Collection(Formation.Collection)]
public sealed class AcknowledgementTests(AcknowledgementTests.ShortTimeouts formation) : IClassFixture<AcknowledgementTests.ShortTimeouts>
{
    /// <summary>Short, so that the test outlives it quickly: the commit must wait for the standby past it.</summary>
    private const int CommandTimeoutSeconds = 2;

    /// <summary>How long the standby is held after the tip's commit is seen waiting for it.</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromSeconds(CommandTimeoutSeconds + 3);

    private readonly FailoverStack _stack = formation.Stack;

    /// <summary>One formation and stack for both tests.</summary>
    public sealed class ShortTimeouts : IAsyncLifetime
    {
        public FailoverStack Stack { get; } = new(CommandTimeoutSeconds);

        public Task InitializeAsync() => Stack.InitializeAsync();

        public Task DisposeAsync() => Stack.DisposeAsync();
    }

    [Fact]
    public async Task A_tip_committed_on_the_primary_alone_is_not_replayed_until_the_standby_has_it()
    {
        var (fan, creatorId) = await FanAndCreatorAsync();
        var (primary, standby) = await NodesAsync();
        await using var paused = await PausedWalReceiverAsync(standby);
        var tip = TipUntilDefinitiveAsync(fan, creatorId);

        // The tip's own commit, cut while it waits: committed on the primary, never sent to the standby.
        var backend = await TipCommitWaitingForTheStandbyAsync(primary);
        await ScalarAsync(primary, $"SELECT pg_terminate_backend({backend})");
        await Task.Delay(Hold);

        var resumed = paused.Resume();
        await TheStandbyHasTheTipAsync(await tip, resumed, standby);
    }

    [Fact]
    public async Task A_commit_waiting_for_the_standby_is_not_acknowledged_when_the_command_timeout_runs_out()
    {
        var (fan, creatorId) = await FanAndCreatorAsync();
        var (primary, standby) = await NodesAsync();
        await using var paused = await PausedWalReceiverAsync(standby);
        var tip = TipUntilDefinitiveAsync(fan, creatorId);

        await TipCommitWaitingForTheStandbyAsync(primary);
        await Task.Delay(Hold);

        var resumed = paused.Resume();
        await TheStandbyHasTheTipAsync(await tip, resumed, standby);
    }

    private sealed record Answer(int Status, Guid TipId, DateTime At);

    /// <summary>A careful client's tip: sent with one Idempotency-Key until an answer other than 503 (or a lost answer).</summary>
    private async Task<Answer> TipUntilDefinitiveAsync(HttpClient fan, Guid creatorId)
    {
        var key = Guid.NewGuid().ToString();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tips") { Content = JsonContent.Create(new { creatorId, amount = 3 }) };
                request.Headers.Add("Idempotency-Key", key);
                using var response = await fan.SendAsync(request);
                var status = (int)response.StatusCode;
                if (status != 503)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    return new Answer(status, status == 201 ? JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid() : Guid.Empty, DateTime.UtcNow);
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("the tip got no answer but 503 for 90 s");
            }

            await Task.Delay(200);
        }
    }

    private async Task TheStandbyHasTheTipAsync(Answer answer, DateTime resumed, NodeConnection standby)
    {
        answer.Status.ShouldBe(201);
        answer.At.ShouldBeGreaterThan(resumed, "the 201 came while the standby did not have the tip");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (await ScalarAsync(standby, $"SELECT count(*) FROM tips WHERE id = '{answer.TipId}'") == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the acknowledged tip never showed on the standby");
            await Task.Delay(100);
        }
    }

    private async Task<(HttpClient Fan, Guid CreatorId)> FanAndCreatorAsync()
    {
        using var creator = Client(_stack.NewToken("creator", "acknowledged creator"));
        var creatorId = (await creator.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("id").GetGuid();
        var fan = Client(_stack.NewToken("fan", "acknowledged fan"));
        using var purchase = await fan.PostAsJsonAsync("/api/purchases", new { packageId = TokenPackage.StarterId });
        var purchaseId = (await purchase.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var payload = Webhooks.CheckoutCompleted(purchaseId, 999);
        using var webhook = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/payments")
        {
            Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json"),
        };
        webhook.Headers.TryAddWithoutValidation("Stripe-Signature", Webhooks.Sign(payload));
        (await fan.SendAsync(webhook)).EnsureSuccessStatusCode();
        return (fan, creatorId);
    }

    private HttpClient Client(string token)
    {
        var client = _stack.Client(token);
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    private sealed record NodeConnection(string ConnectionString);

    private async Task<(NodeConnection Primary, NodeConnection Standby)> NodesAsync()
    {
        var nodes = await _stack.Cluster.NodesAsync();
        NodeConnection Connect(string state) => new(new NpgsqlConnectionStringBuilder(_stack.OwnerConnectionString)
        {
            Host = "127.0.0.1",
            Port = nodes.Single(n => n.Is(state)).Port,
            TargetSessionAttributes = null,
            Pooling = false,
        }.ConnectionString);
        return (Connect("primary"), Connect("secondary"));
    }

    /// <summary>The primary's backend whose tip waits in its commit for the standby.</summary>
    private static async Task<long> TipCommitWaitingForTheStandbyAsync(NodeConnection primary)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            var backend = await ScalarAsync(primary, """
                SELECT COALESCE(min(a.pid), 0) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
                WHERE a.wait_event = 'SyncRep' AND l.relation = 'tips'::regclass AND l.mode = 'RowExclusiveLock'
                """);
            if (backend != 0)
            {
                return backend;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, "no tip commit waited for the standby");
            await Task.Delay(50);
        }
    }

    /// <summary>Stops the standby's WAL receiver; it goes on when resumed or disposed.</summary>
    private static async Task<PausedProcess> PausedWalReceiverAsync(NodeConnection standby)
    {
        var pid = await ScalarAsync(standby, "SELECT pid FROM pg_stat_wal_receiver");
        return PausedProcess.Stop(pid);
    }

    private sealed class PausedProcess : IAsyncDisposable
    {
        private readonly long _pid;
        private bool _resumed;

        private PausedProcess(long pid) => _pid = pid;

        public static PausedProcess Stop(long pid)
        {
            Signal("STOP", pid);
            return new PausedProcess(pid);
        }

        /// <summary>Lets it go on; returns when.</summary>
        public DateTime Resume()
        {
            var at = DateTime.UtcNow;
            if (!_resumed)
            {
                Signal("CONT", _pid);
                _resumed = true;
            }

            return at;
        }

        public ValueTask DisposeAsync()
        {
            Resume();
            return ValueTask.CompletedTask;
        }

        private static void Signal(string signal, long pid)
        {
            using var kill = Process.Start("kill", $"-{signal} {pid}");
            kill.WaitForExit();
            kill.ExitCode.ShouldBe(0, $"kill -{signal} {pid}");
        }
    }

    private static async Task<long> ScalarAsync(NodeConnection node, string sql)
    {
        await using var connection = new NpgsqlConnection(node.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>The tests that each run a pg_auto_failover formation take turns: two at once would starve each other's timing.</summary>
public static class Formation
{
    public const string Collection = "pg_auto_failover formation";
}
