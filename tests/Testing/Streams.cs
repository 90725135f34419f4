using System.Text.Json.Nodes;

namespace Digis.Testing;

/// <summary>Stream set-up through the API, as a creator would do it.</summary>
public static class Streams
{
    public static async Task<Guid> ScheduleAsync(this TestUser creator, long? ticketPrice = null, string title = "Friday show")
    {
        var response = await creator.Client.PostJsonAsync("/api/streams", new { title, ticketPrice });
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(201, body);
        return Guid.Parse(JsonNode.Parse(body)!["id"]!.GetValue<string>());
    }

    public static async Task<Guid> GoLiveAsync(this TestUser creator, long? ticketPrice = null)
    {
        var id = await creator.ScheduleAsync(ticketPrice);
        var response = await creator.Client.PostAsync($"/api/streams/{id}/start", null);
        ((int)response.StatusCode).ShouldBe(200, await response.Content.ReadAsStringAsync());
        return id;
    }
}
