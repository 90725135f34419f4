namespace Digis.Application.IntegrationTests.Ledger;

/// <summary>How one of several racing requests ended: its error, or none.</summary>
internal sealed record Outcome(Exception? Error)
{
    public string Name => Error is null ? "ok" : PublicSurface.Describe(Error);

    /// <summary>Runs <paramref name="send"/> on the thread pool as soon as <paramref name="gate"/> opens.</summary>
    public static Task<Outcome> Of<T>(Task gate, Func<Task<T>> send) => Task.Run(async () =>
    {
        await gate;
        try
        {
            await send();
            return new Outcome((Exception?)null);
        }
        catch (Exception ex)
        {
            return new Outcome(ex);
        }
    });
}
