using Digis.Application.Common;
using Digis.Domain.Calls;
using Digis.Domain.Common;
using Mediator;
using Microsoft.Extensions.Options;

namespace Digis.Application.Calls.GetIceServers;

/// <summary>One entry of <c>RTCConfiguration.iceServers</c>.</summary>
public sealed record IceServerDto(IReadOnlyList<string> Urls, string Username, string Credential);

/// <summary>
/// What a participant's browser connects the call's media with (SPEC §17). <c>iceTransportPolicy</c> is
/// <c>relay</c> where the platform sends every call through TURN (<c>Calls:IceTransportPolicy</c>).
/// </summary>
public sealed record IceServersDto(IReadOnlyList<IceServerDto> IceServers, int TtlSeconds, string IceTransportPolicy);

/// <summary>
/// The STUN and TURN servers for a participant of an open call, with a TURN credential of their own valid for
/// <c>Calls:TurnTtlSeconds</c> (TURN REST: coturn checks it with the shared secret alone). Without
/// <c>Calls:TurnUrls</c> the list is empty and browsers connect directly. Strangers get 404, a call that is over 409.
/// </summary>
public sealed record GetIceServers(Guid CallerId, Guid CallId) : IQuery<IceServersDto>;

public sealed class GetIceServersHandler(CallLoader calls, IOptions<CallsOptions> options, TimeProvider clock)
    : IQueryHandler<GetIceServers, IceServersDto>
{
    public async ValueTask<IceServersDto> Handle(GetIceServers query, CancellationToken cancellationToken)
    {
        var call = await calls.PartiesForParticipantAsync(query.CallId, query.CallerId, cancellationToken);
        Rule.Check(new CallMustBeOpenRule(call.Status));

        var settings = options.Value;
        var turn = settings.TurnUrlList;
        if (turn.Count == 0)
        {
            return new IceServersDto([], settings.TurnTtlSeconds, settings.IceTransportPolicy);
        }

        var credential = TurnCredential.For(settings.TurnSecret!, query.CallerId, clock.GetUtcNow().AddSeconds(settings.TurnTtlSeconds));
        return new IceServersDto(
            [new IceServerDto([.. StunUrls(turn), .. turn], credential.Username, credential.Credential)],
            settings.TurnTtlSeconds,
            settings.IceTransportPolicy);
    }

    /// <summary>coturn answers STUN on its TURN listeners: <c>turn:host:port?transport=udp</c> → <c>stun:host:port</c>.</summary>
    private static IEnumerable<string> StunUrls(IEnumerable<string> turnUrls) =>
        turnUrls.Where(u => u.StartsWith("turn:", StringComparison.Ordinal))
            .Select(u => "stun:" + u["turn:".Length..].Split('?')[0])
            .Distinct(StringComparer.Ordinal);
}
