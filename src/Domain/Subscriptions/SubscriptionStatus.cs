namespace Digis.Domain.Subscriptions;

/// <summary>
/// <c>active</c> (paid for the current period), <c>past-due</c> (a renewal could not be paid; retried during the grace
/// period), <c>ended</c> (cancelled, at the end of the period paid for) or <c>lapsed</c> (never paid within the grace).
/// </summary>
public enum SubscriptionStatus
{
    Active,
    PastDue,
    Ended,
    Lapsed,
}
