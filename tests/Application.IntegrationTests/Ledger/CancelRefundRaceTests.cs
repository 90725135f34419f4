using Digis.Application.Staff;
using Digis.Application.Streams;
using Digis.Application.Staff.RefundSpend;
using Digis.Application.Streams.BuyTicket;
using Digis.Application.Streams.ChangeStreamStatus;
using Digis.Application.Streams.ScheduleStream;
using Digis.Domain.Ledger;
using Digis.Domain.Purchases;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;
using Xunit.Abstractions;

namespace Digis.Application.IntegrationTests.Ledger;

/// <summary>
/// SPEC §11: "A spend is refunded at most once, however many refunds race (a cancel and a staff refund of
/// the same ticket, two staff at once)." A show's owner cancels it (every ticket refunded) while support
/// refunds one of its tickets, started at the same instant, round after round.
/// </summary>
[Collection(nameof(LedgerCollection))]
public sealed class CancelRefundRaceTests(ClockedApiFactory app, ITestOutputHelper output) : LedgerCheckedTest(app)
{
    private const int Rounds = 30;
    private const int FansPerShow = 3;
    private const long TicketPrice = 40;
    private static readonly StaffContext Support = new(Guid.CreateVersion7(), "support@race", StaffRole.Support, "127.0.0.1");

    [Fact]
    public async Task A_show_cancel_racing_a_staff_refund_of_one_of_its_tickets_refunds_that_ticket_exactly_once()
    {
        var creator = await App.ProvisionedUserAsync(UserRole.Creator, "race-creator");
        var fans = new List<TestUser>();
        for (var i = 0; i < FansPerShow; i++)
        {
            fans.Add(await App.ProvisionedUserAsync(UserRole.Fan, $"race-fan-{i}"));
        }

        var rounds = new List<Round>();
        for (var round = 0; round < Rounds; round++)
        {
            rounds.Add(await RaceOnceAsync(round, creator, fans));
        }

        foreach (var group in rounds.GroupBy(r => r.Summary).OrderByDescending(g => g.Count()))
        {
            output.WriteLine($"{group.Count(),3} x {group.Key}");
        }

        var bad = rounds.Where(r => r.Problems.Count > 0).ToList();
        foreach (var round in bad)
        {
            output.WriteLine($"round {round.Index}: {round.Summary}: {string.Join("; ", round.Problems)}");
        }

        var violations = await LedgerInvariants.ViolationsAsync(App);
        foreach (var violation in violations)
        {
            output.WriteLine(violation);
        }

        bad.ShouldBeEmpty(
            $"{bad.Count} of {Rounds} rounds went wrong; by outcome: "
            + string.Join(" | ", bad.GroupBy(r => r.Summary).Select(g => $"{g.Count()} x {g.Key}"))
            + Environment.NewLine + string.Join(Environment.NewLine, bad.Select(r => $"round {r.Index}: {string.Join("; ", r.Problems)}")));
        violations.ShouldBeEmpty(string.Join(Environment.NewLine, violations));
    }

    private async Task<Round> RaceOnceAsync(int index, TestUser creator, List<TestUser> fans)
    {
        var show = await App.SendAsync(new ScheduleStream(creator.Id, $"race show {index}", null, null, TicketPrice));
        var before = new Dictionary<Guid, long>();
        var tickets = new Dictionary<Guid, Guid>();
        foreach (var fan in fans)
        {
            if (await App.WalletBalanceAsync(fan.Id) < TicketPrice)
            {
                await App.BuyTokensAsync(fan.Id, TokenPackage.StarterId);
            }

            before[fan.Id] = await App.WalletBalanceAsync(fan.Id);
            var bought = await App.SendAsync(new BuyTicket(fan.Id, show.Id));
            bought.Created.ShouldBeTrue();
            tickets[fan.Id] = bought.Ticket.Id;
        }

        var raced = fans[index % fans.Count];
        var ticket = tickets[raced.Id];
        // The show's escrow holds its tickets until the show ends; a cancel and a staff refund both draw on it.
        var escrow = EarningsAccounts.Escrow(show.Id);
        var escrowBefore = await App.AccountBalanceAsync(escrow);

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancel = Outcome.Of(gate.Task, () => App.SendAsync(new ChangeStreamStatus(creator.Id, show.Id, StreamTransition.Cancel)));
        var refund = Outcome.Of(gate.Task, () => App.SendAsync(new RefundSpend(Support, SpendKind.Ticket, ticket, "race: fan asked for a refund")));
        gate.SetResult();
        await Task.WhenAll(cancel, refund);
        var (cancelled, refunded) = (await cancel, await refund);

        var refundTransfers = await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{ticket}' AND kind = 'TicketRefund'");
        var refundedTotal = await App.CountAsync($"SELECT coalesce(sum(amount), 0) FROM transfers WHERE reference_id = '{ticket}' AND kind = 'TicketRefund'");
        var marked = await App.CountAsync($"SELECT count(*) FROM tickets WHERE id = '{ticket}' AND refunded_at IS NOT NULL");
        var status = (await App.RowsAsync($"SELECT status FROM streams WHERE id = '{show.Id}'"))[0][0];
        var problems = new List<string>();
        foreach (var (side, outcome) in new[] { ("cancel", cancelled), ("staff refund", refunded) })
        {
            if (outcome.Error is { } error && !PublicSurface.IsExpectedRefusal(error))
            {
                problems.Add($"{side} failed unexpectedly: {PublicSurface.Describe(error)}: {error.Message}");
            }
        }

        if (refundTransfers != 1)
        {
            problems.Add($"ticket {ticket} has {refundTransfers} refund transfers ({refundedTotal} tokens), not 1");
        }

        if (marked != 1)
        {
            problems.Add($"ticket {ticket} is not marked refunded");
        }

        var fanNow = await App.WalletBalanceAsync(raced.Id);
        if (fanNow != before[raced.Id])
        {
            problems.Add($"the fan's balance is {fanNow}, not the {before[raced.Id]} it was before the ticket");
        }

        if (cancelled.Error is null)
        {
            foreach (var fan in fans.Where(f => f != raced))
            {
                var balance = await App.WalletBalanceAsync(fan.Id);
                if (balance != before[fan.Id])
                {
                    problems.Add($"another fan's balance is {balance}, not {before[fan.Id]}");
                }
            }
        }

        var escrowNow = await App.AccountBalanceAsync(escrow);
        var expectedEscrow = escrowBefore - (cancelled.Error is null ? FansPerShow * TicketPrice : refunded.Error is null ? TicketPrice : 0);
        if (escrowNow != expectedEscrow)
        {
            problems.Add($"the show's escrow holds {escrowNow}, expected {expectedEscrow}");
        }

        var summary = $"cancel: {cancelled.Name}, staff refund: {refunded.Name}, refund transfers: {refundTransfers}, stream {status}";
        return new Round(index, summary, problems);
    }

    private sealed record Round(int Index, string Summary, List<string> Problems);
}
