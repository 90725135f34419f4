using Mediator;

namespace Digis.Application.Staff.GetFiringAlerts;

/// <summary>
/// The alerts firing now, for the console's dashboard: <c>Source</c> is null when none is configured; <c>Problem</c>
/// says why the source did not answer (the dashboard still shows everything else).
/// </summary>
public sealed record FiringAlertsDto(string? Source, IReadOnlyList<FiringAlert> Alerts, string? Problem);

public sealed record GetFiringAlerts : IQuery<FiringAlertsDto>;

public sealed class GetFiringAlertsHandler(IAlertSource alerts) : IQueryHandler<GetFiringAlerts, FiringAlertsDto>
{
    public async ValueTask<FiringAlertsDto> Handle(GetFiringAlerts query, CancellationToken cancellationToken)
    {
        if (alerts.Description is not { } source)
        {
            return new FiringAlertsDto(null, [], null);
        }

        try
        {
            return new FiringAlertsDto(source, await alerts.FiringAsync(cancellationToken), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return new FiringAlertsDto(source, [], ex.Message);
        }
    }
}
