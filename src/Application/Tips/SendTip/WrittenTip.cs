using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;

namespace Digis.Application.Tips.SendTip;

/// <summary>What a written tip did: the posting, the fan's balance after it and name, and the show's goal after it (null: none).</summary>
public sealed record WrittenTip(Posted Posted, long FanBalance, string FanName, GoalProgressEvent? Goal);
