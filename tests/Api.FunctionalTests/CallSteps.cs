using System.Net;
using System.Text.Json.Nodes;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

/// <summary>The steps of a call as its two clients take them over HTTP.</summary>
public static class CallSteps
{
    public static async Task<TestUser> CreatorAsync(this DigisApiFactory app, long rate, bool available = true)
    {
        var creator = await app.FundedUserAsync(0, UserRole.Creator);
        var response = await creator.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = rate, available });
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return creator;
    }

    public static async Task<JsonNode> RequestCallAsync(this TestUser fan, TestUser creator)
    {
        var response = await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadJsonAsync();
    }

    /// <summary>Each user reports their media connected (SPEC §17): once both have, block 0 is charged.</summary>
    public static async Task<JsonNode> ConnectMediaAsync(string callId, params TestUser[] users) =>
        await ReportMediaAsync(callId, connected: true, users);

    public static async Task<JsonNode> ReportMediaAsync(string callId, bool connected, params TestUser[] users)
    {
        JsonNode? last = null;
        foreach (var user in users)
        {
            var response = await user.Client.PostJsonAsync($"/api/calls/{callId}/media", new { connected });
            response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            last = await response.ReadJsonAsync();
        }

        return last!;
    }
}
