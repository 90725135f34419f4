using Digis.Application.Limits.GetSpendingLimits;
using Digis.Application.Limits.SetSpendingLimits;
using Digis.Application.Tips.SendTip;
using Digis.Application.Tips.SetTipMenu;
using Digis.Domain.Common;
using Digis.Domain.Limits;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Application.IntegrationTests;

/// <summary>SPEC §13 through the use cases on PostgreSQL: limits checked by a spend, menu tips in the ledger.</summary>
[Collection(nameof(AppCollection))]
public sealed class SpendingLimitUseCaseTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_tip_that_would_cross_the_limit_is_refused_in_its_transaction_and_nothing_is_written()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var set = await App.SendAsync(new SetSpendingLimits(fan.Id, 50, 40));
        (set.DailyTokens, set.MonthlyTokens, set.Pending).ShouldBe((50L, 40L, (Limits.PendingLimitsDto?)null));

        await App.SendAsync(new SendTip(fan.Id, creator.Id, 30, null, null, null));
        var refused = await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new SendTip(fan.Id, creator.Id, 11, null, null, null)));

        var rule = refused.BrokenRule.ShouldBeOfType<SpendingLimitCannotBeCrossedRule>();
        (rule.Limit, rule.Spent).ShouldBe((40L, 30L)); // both caps crossed: the monthly one is named
        (await App.BalanceAsync(fan.Id)).ShouldBe(70);
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE fan_id = '{fan.Id}'")).ShouldBe(1);
        var limits = await App.SendAsync(new GetSpendingLimits(fan.Id));
        (limits.SpentToday, limits.SpentThisMonth).ShouldBe((30L, 30L));
    }

    [Fact]
    public async Task A_menu_tip_posts_the_items_price_with_its_label_as_the_memo()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var menu = await App.SendAsync(new SetTipMenu(creator.Id, [("Hug", 12)]));

        var tip = await App.SendAsync(new SendTip(fan.Id, creator.Id, null, "now", null, null, MenuItemId: menu.Items[0].Id));

        (tip.Amount, tip.Label, tip.Balance).ShouldBe((12L, "Hug", 88L));
        (await App.CountAsync($"SELECT count(*) FROM transfers WHERE reference_id = '{tip.Id}' AND kind = 'Tip' AND amount = 12 AND memo = 'Hug: now'")).ShouldBe(1);
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE id = '{tip.Id}' AND menu_label = 'Hug' AND menu_item_id = '{menu.Items[0].Id}'")).ShouldBe(1);
    }
}
