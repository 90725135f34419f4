using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Digis.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Digis.Gateway.FunctionalTests;

[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaleOutStack stack)
{
    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task A_viewer_through_the_gateway_receives_tips_written_on_either_instance(HttpTransportType transport)
    {
        var creatorToken = stack.NewToken("creator", "Cleo");
        var creatorId = await IdOfAsync(creatorToken);
        var streamId = await GoLiveAsync(creatorToken);
        var fanToken = stack.NewToken("fan", "Finn");
        await BuyStarterAsync(fanToken);
        await using var viewer = await LiveClient.ConnectAsync(stack.Gateway.BaseAddress, stack.NewToken("fan", "Vera"), transport);
        await viewer.JoinStreamAsync(streamId);

        for (var i = 0; i < stack.Apis.Count; i++)
        {
            using var direct = Client(stack.Apis[i].BaseAddress, fanToken);
            var response = await direct.PostAsJsonAsync("/api/tips", new { creatorId, amount = 10 + i, message = $"via api{i + 1}", streamId });
            response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());

            var tip = await viewer.NextAsync("tip", TimeSpan.FromSeconds(15));
            tip.GetProperty("amount").GetInt64().ShouldBe(10 + i);
            tip.GetProperty("message").GetString().ShouldBe($"via api{i + 1}");
        }
    }

    /// <summary>
    /// SPEC §19: rotating an overlay key on one instance drops the old key's overlays on every instance (through the
    /// Redis backplane), not only on the instance that served the rotation.
    /// </summary>
    [Fact]
    public async Task Rotating_an_overlay_key_on_one_instance_drops_the_old_keys_overlays_on_the_other()
    {
        var creatorToken = stack.NewToken("creator", "Olive");
        var creatorId = await IdOfAsync(creatorToken);
        var streamId = await GoLiveAsync(creatorToken);
        var fanToken = stack.NewToken("fan", "Otto");
        await BuyStarterAsync(fanToken);
        using var first = Client(stack.Apis[0].BaseAddress, creatorToken);
        var oldKey = KeyOf((await first.GetFromJsonAsync<JsonElement>($"/api/streams/{streamId}")).GetProperty("overlayUrl").GetString()!);
        await using var overlay = await LiveClient.ConnectOverlayAsync(stack.Apis[1].BaseAddress);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        overlay.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await overlay.Connection.InvokeAsync("JoinOverlay", streamId.ToString(), oldKey);

        var rotated = await first.PostAsync($"/api/streams/{streamId}/overlay-key", null);

        rotated.StatusCode.ShouldBe(HttpStatusCode.OK, await rotated.Content.ReadAsStringAsync());
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15)); // closed by the second instance, told through Redis
        using var fan = Client(stack.Apis[1].BaseAddress, fanToken);
        (await fan.PostAsJsonAsync("/api/tips", new { creatorId, amount = 3, streamId })).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await overlay.NoneAsync("tip", TimeSpan.FromMilliseconds(500))).ShouldBeTrue("the old key's overlay still hears the room");
    }

    private static string KeyOf(string overlayUrl) => Uri.UnescapeDataString(overlayUrl[(overlayUrl.IndexOf("key=", StringComparison.Ordinal) + 4)..]);

    [Fact]
    public async Task Each_instance_counts_the_tips_it_delivers_and_the_acknowledgements_its_viewers_send()
    {
        var creatorToken = stack.NewToken("creator", "Cora");
        var creatorId = await IdOfAsync(creatorToken);
        var streamId = await GoLiveAsync(creatorToken);
        var fanToken = stack.NewToken("fan", "Fred");
        await BuyStarterAsync(fanToken);
        // One viewer on each instance, connected to it directly: each instance delivers every tip to its own viewer,
        // whichever instance committed the tip.
        var viewers = new List<LiveClient>();
        foreach (var api in stack.Apis)
        {
            var viewer = await LiveClient.ConnectAsync(api.BaseAddress, stack.NewToken("fan", "Vic"));
            await viewer.JoinStreamAsync(streamId);
            viewers.Add(viewer);
        }

        try
        {
            var before = await Task.WhenAll(stack.Apis.Select(api => MetricsScrape.OfAsync(new Uri(api.BaseAddress, "/metrics"))));
            for (var i = 0; i < stack.Apis.Count; i++)
            {
                using var direct = Client(stack.Apis[i].BaseAddress, fanToken);
                (await direct.PostAsJsonAsync("/api/tips", new { creatorId, amount = 3, streamId })).StatusCode.ShouldBe(HttpStatusCode.Created);
                foreach (var viewer in viewers)
                {
                    await viewer.AcknowledgeAsync("tip", (await viewer.NextAsync("tip", TimeSpan.FromSeconds(15))).GetProperty("id").GetString()!);
                }
            }

            // An acknowledgement can reach an instance before the other instance's notice of the delivery: it waits for it.
            const string Sent = "digis_hub_events_sent_total{kind=\"tip\"}";
            const string Acknowledged = "digis_hub_events_acknowledged_total{kind=\"tip\"}";
            var deadline = DateTime.UtcNow.AddSeconds(15);
            MetricsScrape[] after;
            do
            {
                await Task.Delay(200);
                after = await Task.WhenAll(stack.Apis.Select(api => MetricsScrape.OfAsync(new Uri(api.BaseAddress, "/metrics"))));
            }
            while (DateTime.UtcNow < deadline && after.Zip(before).Any(s => s.First.Since(s.Second, Acknowledged) < stack.Apis.Count));

            foreach (var (now, then) in after.Zip(before))
            {
                now.Since(then, Sent).ShouldBe(stack.Apis.Count); // every tip, to this instance's one viewer
                now.Since(then, Acknowledged).ShouldBe(stack.Apis.Count);
            }
        }
        finally
        {
            await Task.WhenAll(viewers.Select(v => v.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task Requests_keep_succeeding_after_an_instance_dies_and_none_answering_is_a_503_problem()
    {
        // No cookies: no session affinity, so requests are spread over both instances.
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = stack.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.NewToken());
        var creatorId = await IdOfAsync(stack.NewToken("creator", "Cleo"));
        (await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/api/wallet")))).ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);

        stack.Apis[1].Kill();
        var failures = new List<string>();
        var sw = Stopwatch.StartNew();
        for (var i = 0; sw.Elapsed < TimeSpan.FromSeconds(6); i++)
        {
            // A tip from an empty wallet: 402 says its body reached an instance whole (an empty one would be a 400).
            using var response = i % 2 == 0
                ? await client.GetAsync("/api/wallet")
                : await client.PostAsJsonAsync("/api/tips", new { creatorId, amount = 1 });
            if (response.StatusCode != (i % 2 == 0 ? HttpStatusCode.OK : HttpStatusCode.PaymentRequired))
            {
                failures.Add($"{sw.Elapsed.TotalMilliseconds:F0} ms: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }
        }

        // The dead instance refuses connections: the gateway hands those requests to the live one, so none fails.
        failures.ShouldBeEmpty();
        stack.Apis[0].Kill();
        using var none = await client.GetAsync("/api/wallet");
        none.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        none.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString().ShouldBe("unavailable");
        none.Headers.Contains("X-Request-Id").ShouldBeTrue();

        await Task.WhenAll(stack.RestartApiAsync(0), stack.RestartApiAsync(1));
        var after = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync("/api/wallet")));
        after.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
    }

    private static HttpClient Client(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<Guid> IdOfAsync(string token)
    {
        var me = await stack.Client(token).GetFromJsonAsync<JsonElement>("/api/me");
        return me.GetProperty("id").GetGuid();
    }

    private async Task<Guid> GoLiveAsync(string creatorToken)
    {
        var client = stack.Client(creatorToken);
        var created = await client.PostAsJsonAsync("/api/streams", new { title = "scale-out show" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await client.PostAsync($"/api/streams/{id}/start", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return id;
    }

    private async Task BuyStarterAsync(string fanToken)
    {
        var client = stack.Client(fanToken);
        var purchase = await client.PostAsJsonAsync("/api/purchases", new { packageId = Digis.Domain.Purchases.TokenPackage.StarterId });
        var id = (await purchase.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var checkout = await client.PostAsync($"/api/sandbox/checkout/{id}", null);
        checkout.StatusCode.ShouldBe(HttpStatusCode.OK, await checkout.Content.ReadAsStringAsync());
    }
}
