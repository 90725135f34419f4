namespace Digis.Application.Payouts;

/// <summary>Stripe could not be reached or refused a payout call; <see cref="Exception.Message"/> says what it answered.</summary>
public sealed class PayoutProviderException(string message, Exception? inner = null) : Exception(message, inner);
