/** The origin of an SDP (`o=<username> <sess-id> <sess-version> …`, RFC 8866 §5.2). */
export interface SdpOrigin {
  /** One per peer connection, kept across its renegotiations and ICE restarts. */
  session: string;
  /** Grows with each new description of that peer connection; a description sent again keeps it. */
  version: string;
}

/** The origin line of a description, or null when it has none. */
export function sdpOrigin(sdp: string | null | undefined): SdpOrigin | null {
  const match = /^o=\S+ (\S+) (\S+) /m.exec(sdp ?? '');
  return match ? { session: match[1], version: match[2] } : null;
}
