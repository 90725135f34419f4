namespace Digis.Application.Staff.GetFiringAlerts;

/// <summary>An alert firing now (SPEC §20): its rule's name, severity and summary, and since when.</summary>
public sealed record FiringAlert(string Name, string? Severity, string? Summary, DateTimeOffset? Since);
