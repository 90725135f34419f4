using Digis.Application.Payments;
using Digis.Application.Payouts.FindDuePayouts;
using Digis.Application.Payouts.PayCashout;
using Digis.Application.Payouts.ReceiveConnectWebhook;
using Digis.Application.Payouts.RunPayoutSchedule;
using Digis.Application.Payouts.SandboxConnect;
using Mediator;
using Microsoft.Extensions.Options;

namespace Digis.Api.Jobs;

/// <summary>
/// The payout job (SPEC §16): the weekly payouts that fall today, then every approved cash-out that is due becomes a
/// Stripe Transfer, and transfers whose bank payout failed are reversed — each creator's schedule and each cash-out in its
/// own transaction, so one that Stripe refuses does not hold back the others. Safe in several instances at once: each
/// step locks its row (cash-outs with <c>SKIP LOCKED</c>) and finds it done when another got there first, and Stripe's
/// idempotency key (the cash-out id) makes a repeated transfer the same transfer. In the sandbox the events Stripe would
/// send for a paid cash-out are delivered to the Connect webhook at once.
/// </summary>
public sealed partial class PayoutJob(IServiceScopeFactory scopes, IOptions<PaymentsOptions> payments, ILogger<PayoutJob> logger)
{
    public async Task<PayoutRun> RunAsync(CancellationToken cancellationToken)
    {
        DuePayouts due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FindDuePayouts(), cancellationToken);
        }

        var requested = 0;
        foreach (var creator in due.ScheduledCreators)
        {
            var cashout = await StepAsync(new RunPayoutSchedule(creator), creator, cancellationToken);
            requested += cashout.Found && cashout.Result is not null ? 1 : 0;
        }

        // Scheduled cash-outs approved at once are paid in this run.
        if (requested > 0)
        {
            await using var scope = scopes.CreateAsyncScope();
            due = due with { Cashouts = (await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new FindDuePayouts(), cancellationToken)).Cashouts };
        }

        var steps = new List<PayoutStep>();
        foreach (var id in due.Cashouts)
        {
            var (ran, step) = await StepAsync(new PayCashout(id), id, cancellationToken);
            if (!ran)
            {
                continue;
            }

            steps.Add(step);
            if (step == PayoutStep.Paid && payments.Value.IsSandbox)
            {
                await DeliverSandboxEventsAsync(id, cancellationToken);
            }
        }

        return new PayoutRun(requested, steps.Count(s => s == PayoutStep.Paid), steps.Count(s => s == PayoutStep.Retrying));
    }

    private async Task<(bool Found, T Result)> StepAsync<T>(ICommand<T> command, Guid id, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return (true, await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken));
        }
#pragma warning disable CA1031 // one cash-out or schedule that fails (the database, a row changed meanwhile) does not stop the rest
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogStepFailed(logger, ex, command.GetType().Name, id);
            return (false, default!);
        }
    }

    private async Task DeliverSandboxEventsAsync(Guid cashoutId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();
        foreach (var signed in await mediator.Send(new PrepareSandboxConnect(null, cashoutId), cancellationToken))
        {
            await mediator.Send(new ReceiveConnectWebhook(signed.Payload, signed.Signature), cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Payout job: {Step} of {Id} failed; the next run tries again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string step, Guid id);
}
