using Digis.Application.Common.Interfaces;
using Digis.Domain.Tips;

namespace Digis.Application.Tips.SendTip;

/// <summary>
/// A tip to write: the domain's <paramref name="Tip"/>, the earnings sub-account it credits, and its key (null: unkeyed) with
/// the response to store under it (the fan's balance is written into it once the posting has it).
/// </summary>
public sealed record TipToWrite(Tip Tip, Guid EarningsAccountId, KeyToClaim? Key, string? Response);
