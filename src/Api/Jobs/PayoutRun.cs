namespace Digis.Api.Jobs;

/// <summary>What one run of the payout job did: scheduled cash-outs requested, cash-outs paid, and attempts Stripe refused.</summary>
public sealed record PayoutRun(int Requested, int Paid, int Retrying);
