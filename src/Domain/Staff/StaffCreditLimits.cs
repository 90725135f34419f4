namespace Digis.Domain.Staff;

/// <summary>What one staff member may credit (SPEC §6, §19): settings the console's rules read.</summary>
/// <param name="SupportPerAdjustment">The most a support member moves in one adjustment (<c>Admin:SupportAdjustmentLimit</c>).</param>
/// <param name="SupportDailyCredit">The most a support member credits to wallets in any 24 hours (<c>Staff:SupportDailyCreditTokens</c>).</param>
/// <param name="SecondApprovalAbove">A support member's credit above this waits for a second staff member (<c>Staff:SecondApprovalTokens</c>).</param>
public sealed record StaffCreditLimits(long SupportPerAdjustment, long SupportDailyCredit, long SecondApprovalAbove);
