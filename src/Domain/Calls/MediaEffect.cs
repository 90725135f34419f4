namespace Digis.Domain.Calls;

/// <summary>What a participant's media report did to the call as a whole (the console's media timeline).</summary>
public enum MediaEffect
{
    /// <summary>Only that side's state changed: the call's media is as it was.</summary>
    None,

    /// <summary>Both sides connected for the first time: billing starts (block 0).</summary>
    Connected,

    /// <summary>A side lost the media: billing pauses, the grace period runs.</summary>
    Lost,

    /// <summary>Both sides connected again after a loss: billing resumes unless a participant paused the call.</summary>
    Resumed,
}
