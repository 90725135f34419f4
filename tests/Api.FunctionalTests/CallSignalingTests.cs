using System.Net;
using System.Text.Json.Nodes;
using Digis.Application.Calls.RouteCallSignal;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Digis.Api.FunctionalTests;

/// <summary>SPEC §17 signaling over the live hub: <c>SendCallSignal</c> → <c>callSignal</c> to the other party of a live call only.</summary>
[Collection(nameof(ApiCollection))]
public sealed class CallSignalingTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly CallSignal Offer = new("offer", "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n", null);

    [Fact]
    public async Task A_signal_reaches_the_other_party_only_and_a_third_user_is_refused()
    {
        var (fan, creator, id) = await AcceptedCallAsync();
        var stranger = await App.FundedUserAsync(0, UserRole.Creator);
        await using var fanHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await using var creatorHub = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);
        await using var strangerHub = await LiveClient.ConnectAsync(App.BaseAddress, stranger.Token);

        await fanHub.Connection.InvokeAsync("SendCallSignal", id, Offer);
        var candidate = new CallSignal("candidate", null, new CallSignalCandidate("candidate:1 1 udp 2122260223 192.0.2.2 50000 typ host", "0", 0, "abcd"));
        await creatorHub.Connection.InvokeAsync("SendCallSignal", id, candidate);

        var offer = await creatorHub.NextAsync("callSignal");
        offer.GetProperty("callId").GetString().ShouldBe(id);
        offer.GetProperty("fromId").GetString().ShouldBe(fan.Id.ToString());
        offer.GetProperty("type").GetString().ShouldBe("offer");
        offer.GetProperty("sdp").GetString().ShouldBe(Offer.Sdp);
        var heard = await fanHub.NextAsync("callSignal");
        heard.GetProperty("type").GetString().ShouldBe("candidate");
        heard.GetProperty("candidate").GetProperty("candidate").GetString().ShouldBe(candidate.Candidate!.Candidate);
        heard.GetProperty("candidate").GetProperty("sdpMLineIndex").GetInt32().ShouldBe(0);

        (await Should.ThrowAsync<HubException>(() => strangerHub.Connection.InvokeAsync("SendCallSignal", id, Offer))).Message.ShouldContain("not-found");
        (await Should.ThrowAsync<HubException>(() => strangerHub.Connection.InvokeAsync("SendCallSignal", Guid.CreateVersion7().ToString(), Offer)))
            .Message.ShouldContain("not-found");
        (await strangerHub.NoneAsync("callSignal", TimeSpan.FromMilliseconds(300))).ShouldBeTrue();
        (await fanHub.NoneAsync("callSignal", TimeSpan.Zero)).ShouldBeTrue(); // the sender never hears its own signal back
        (await creatorHub.NoneAsync("callSignal", TimeSpan.Zero)).ShouldBeTrue();
        await fan.Client.PostAsync($"/api/calls/{id}/end", null);
    }

    [Fact]
    public async Task Oversized_malformed_and_untimely_signals_are_refused_and_reach_no_one()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.CreatorAsync(rate: 20);
        var requested = (await fan.RequestCallAsync(creator))["id"]!.GetValue<string>();
        await using var fanHub = await LiveClient.ConnectAsync(App.BaseAddress, fan.Token);
        await using var creatorHub = await LiveClient.ConnectAsync(App.BaseAddress, creator.Token);

        await RefusedAsync(fanHub, requested, Offer, "conflict"); // not accepted yet: no media
        (await creator.Client.PostAsync($"/api/calls/{requested}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = requested;

        await RefusedAsync(fanHub, id, Offer with { Sdp = "v=0\r\n" + new string('a', 16 * 1024) }, "payload-too-large");
        await RefusedAsync(fanHub, id, Offer with { Type = "hello" }, "validation");
        await RefusedAsync(fanHub, id, Offer with { Sdp = null }, "validation");
        await RefusedAsync(fanHub, id, new CallSignal("candidate", null, null), "validation");
        await RefusedAsync(fanHub, "not-a-call", Offer, "not-found");
        (await creatorHub.NoneAsync("callSignal", TimeSpan.FromMilliseconds(300))).ShouldBeTrue();

        await fanHub.Connection.InvokeAsync("SendCallSignal", id, new CallSignal("bye", null, null));
        (await creatorHub.NextAsync("callSignal")).GetProperty("type").GetString().ShouldBe("bye");
        await fan.Client.PostAsync($"/api/calls/{id}/end", null);
        await RefusedAsync(fanHub, id, Offer, "conflict"); // the call is over
    }

    private static async Task RefusedAsync(LiveClient hub, string callId, CallSignal signal, string code) =>
        (await Should.ThrowAsync<HubException>(() => hub.Connection.InvokeAsync("SendCallSignal", callId, signal))).Message.ShouldContain(code);

    private async Task<(TestUser Fan, TestUser Creator, string Id)> AcceptedCallAsync()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.CreatorAsync(rate: 20);
        JsonNode call = await fan.RequestCallAsync(creator);
        var id = call["id"]!.GetValue<string>();
        (await creator.Client.PostAsync($"/api/calls/{id}/accept", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        return (fan, creator, id);
    }
}
