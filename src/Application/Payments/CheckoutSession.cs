namespace Digis.Application.Payments;

/// <summary>A checkout the provider opened for a purchase: its id there and the address the buyer pays at.</summary>
public sealed record CheckoutSession(string? SessionId, string Url);
