namespace Digis.Application.Calls.RouteCallSignal;

/// <summary>An ICE candidate as the browser hands it over (<c>RTCIceCandidateInit</c>); an empty <c>candidate</c> ends the list.</summary>
public sealed record CallSignalCandidate(string Candidate, string? SdpMid, int? SdpMLineIndex, string? UsernameFragment);

/// <summary>
/// A WebRTC signaling message between the two parties of a call (SPEC §17): <c>offer</c> and <c>answer</c> carry an
/// SDP, <c>candidate</c> an ICE candidate, <c>bye</c> nothing (the sender dropped its peer connection).
/// </summary>
public sealed record CallSignal(string Type, string? Sdp, CallSignalCandidate? Candidate)
{
    public static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal) { "offer", "answer", "candidate", "bye" };
}

/// <summary><c>callSignal</c>, to the other party of the call only.</summary>
public sealed record CallSignalEvent(Guid CallId, Guid FromId, string Type, string? Sdp, CallSignalCandidate? Candidate);

/// <summary>Where a signal goes and what the recipient hears.</summary>
public sealed record CallSignalRoute(Guid RecipientId, CallSignalEvent Signal);
