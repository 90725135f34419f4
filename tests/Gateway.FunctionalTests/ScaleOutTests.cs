using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Digis.Testing;
using Microsoft.AspNetCore.Http.Connections;
using Xunit.Abstractions;

namespace Digis.Gateway.FunctionalTests;

[Collection(ScaleOutCollection.Name)]
public sealed class ScaleOutTests(ScaleOutStack stack, ITestOutputHelper output)
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

    [Fact]
    public async Task Requests_keep_succeeding_after_an_instance_dies()
    {
        // No cookies: no session affinity, so requests are spread over both instances.
        using var client = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = stack.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", stack.NewToken());
        (await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/api/wallet")))).ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);

        stack.Apis[1].Kill();
        var failed = 0;
        var sw = Stopwatch.StartNew();
        var lastFailure = TimeSpan.Zero;
        while (sw.Elapsed < TimeSpan.FromSeconds(6))
        {
            using var response = await client.GetAsync("/api/wallet");
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failed++;
                lastFailure = sw.Elapsed;
            }
        }

        output.WriteLine($"after killing api2: {failed} request(s) failed, the last at {lastFailure.TotalMilliseconds:F0} ms");
        Console.WriteLine($"[gateway] after killing api2: {failed} request(s) failed, the last at {lastFailure.TotalMilliseconds:F0} ms");
        var after = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => client.GetAsync("/api/wallet")));
        after.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        await stack.RestartApiAsync(1);
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
