using Digis.Application.Common.Interfaces;
using Digis.Application.Common.Paging;
using Digis.Application.Ledger;
using Digis.Application.Payouts.ListCashoutQueue;
using Digis.Application.Payouts.RequestCashout;
using Digis.Application.Staff.AdjustWallet;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Application.IntegrationTests.Payouts;

[Collection(nameof(AppCollection))]
public sealed class CashoutQueueTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly StaffContext Reviewer = new(Guid.CreateVersion7(), "reviewer@digis.test", StaffRole.Admin, "127.0.0.1");

    [Fact]
    public async Task The_queue_pages_pending_cash_outs_oldest_first_with_each_creators_name_figures_and_recent_adjustments()
    {
        var ada = await App.EarningCreatorAsync(5_000, "Ada Queue");
        var bea = await App.EarningCreatorAsync(3_000, "Bea Queue");
        await App.CreditAsync(ada.Id, 700);
        await App.SendAsync(new AdjustWallet(Reviewer, Guid.CreateVersion7(), ada.Id, Credit: true, 200, "goodwill credit for an outage", null));
        await App.SendAsync(new AdjustWallet(Reviewer, Guid.CreateVersion7(), ada.Id, Credit: false, 50, "taking back a duplicate credit", null));
        var requested = new List<Guid>();
        foreach (var (who, tokens) in new[] { (ada, 1_000L), (bea, 1_500L), (ada, 1_000L), (bea, 1_000L), (ada, 1_200L) })
        {
            requested.Add((await App.SendAsync(new RequestCashout(who.Id, tokens))).Id);
        }

        var pages = new List<Page<CashoutReviewDto>>();
        string? cursor = null;
        do
        {
            var page = await App.SendAsync(new ListCashoutQueue(PageRequest.From(2, cursor)));
            page.Items.Count.ShouldBeLessThanOrEqualTo(2);
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var queue = pages.SelectMany(p => p.Items).ToList();
        pages.Count.ShouldBeGreaterThanOrEqualTo(3);
        queue.Select(r => r.Cashout.CreatedAt).ShouldBeInOrder(SortDirection.Ascending);
        queue.Select(r => r.Cashout.Id).Where(requested.Contains).ShouldBe(requested);
        queue.Select(r => r.Cashout.Id).Distinct().Count().ShouldBe(queue.Count);

        var adas = queue.Where(r => r.Cashout.CreatorId == ada.Id).Select(r => r.Creator).ToList();
        adas.Count.ShouldBe(3);
        var creator = adas[0];
        creator.DisplayName.ShouldBe("Ada Queue");
        creator.AccountAge.ShouldBeGreaterThanOrEqualTo(TimeSpan.Zero);
        creator.AccountAge.ShouldBeLessThan(TimeSpan.FromHours(1));
        creator.Lifetime.Purchased.ShouldBe(700);
        creator.Lifetime.CashedOut.ShouldBe(3_200);
        creator.Balance.ShouldBe(700 + 200 - 50);
        creator.Earnings.ShouldBe(new EarningsFigures(0, 0, 5_000 - 3_200));
        creator.StaffCredits.Select(a => a.Amount).ShouldBe([-50L, 200L]);
        creator.StaffCredits.ShouldAllBe(a => a.RequestedBy == "reviewer@digis.test" && a.RequestedById == Reviewer.Id && a.PayerId == null);

        var beas = queue.First(r => r.Cashout.CreatorId == bea.Id).Creator;
        beas.DisplayName.ShouldBe("Bea Queue");
        beas.Balance.ShouldBe(0);
        beas.Earnings.Cashable.ShouldBe(500);
        beas.StaffCredits.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_decided_cash_out_leaves_the_queue()
    {
        var cleo = await App.EarningCreatorAsync(2_000, "Cleo Queue");
        var paid = await App.SendAsync(new RequestCashout(cleo.Id, 1_000));
        var waiting = await App.SendAsync(new RequestCashout(cleo.Id, 1_000));
        await App.SendAsync(new Digis.Application.Payouts.DecideCashout.DecideCashout(Reviewer, paid.Id, Approve: true, null));
        await App.SendAsync(new Digis.Application.Payouts.DecideCashout.DecideCashout(Reviewer with { Id = Guid.CreateVersion7(), Name = "second@queue" }, paid.Id, Approve: true, null));

        var ids = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await App.SendAsync(new ListCashoutQueue(PageRequest.From(100, cursor)));
            ids.AddRange(page.Items.Select(r => r.Cashout.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        ids.ShouldContain(waiting.Id);
        ids.ShouldNotContain(paid.Id);
    }
}
