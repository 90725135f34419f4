using System.Net;
using Digis.Application.Calls.EndCallByStaff;
using Digis.Application.Payouts.DecideCashout;
using Digis.Application.Staff.AdjustWallet;
using Digis.Application.Staff.GetAuditLog;
using Digis.Application.Staff.RefundSpend;
using Digis.Domain.Common;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

/// <summary>
/// What staff type in the console: refused as validation when too long or carrying invisible characters
/// (never a database error), and kept in the audit log, never shown in the user's statement.
/// </summary>
[Collection(nameof(ApiCollection))]
public sealed class StaffInputTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private const int MaxReasonLength = 1_000; // staff_actions.reason

    private static readonly StaffContext Admin = new(Guid.CreateVersion7(), "admin@test", StaffRole.Admin, "127.0.0.1");

    public static TheoryData<string> BadReasons() => new()
    {
        new string('r', MaxReasonLength + 1),
        "goodwill after\u200B outage",
        "goodwill after outage\u202E",
        "\uFEFFgoodwill after outage",
    };

    [Theory]
    [MemberData(nameof(BadReasons))]
    public async Task An_adjustment_with_a_bad_reason_is_a_validation_refusal_and_moves_nothing(string reason)
    {
        var fan = await App.FundedUserAsync(20);

        var refused = await Should.ThrowAsync<BusinessRuleValidationException>(
            () => App.SendAsync(new AdjustWallet(Admin, Guid.CreateVersion7(), fan.Id, Credit: true, 50, reason, null)));

        refused.BrokenRule.Kind.ShouldBe(RuleKind.Validation);
        (await App.BalanceAsync(fan.Id)).ShouldBe(20);
        (await App.CountAsync($"SELECT count(*) FROM staff_actions WHERE target LIKE 'user {fan.Id}%'")).ShouldBe(0);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(2_000)]
    public async Task An_adjustment_with_an_overlong_reference_is_a_validation_refusal(int length)
    {
        var fan = await App.FundedUserAsync(20);

        (await Should.ThrowAsync<BusinessRuleValidationException>(
                () => App.SendAsync(new AdjustWallet(Admin, Guid.CreateVersion7(), fan.Id, Credit: true, 50, "goodwill after outage", new string('x', length)))))
            .BrokenRule.Kind.ShouldBe(RuleKind.Validation);
        (await App.BalanceAsync(fan.Id)).ShouldBe(20);
    }

    [Theory]
    [MemberData(nameof(BadReasons))]
    public async Task A_refund_with_a_bad_reason_is_a_validation_refusal_and_moves_nothing(string reason)
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var tip = await TipAsync(fan, creator, 60);

        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new RefundSpend(Admin, SpendKind.Tip, tip, reason))))
            .BrokenRule.Kind.ShouldBe(RuleKind.Validation);
        (await App.BalanceAsync(fan.Id)).ShouldBe(40);
        (await App.CountAsync($"SELECT count(*) FROM tips WHERE id = '{tip}' AND refunded_at IS NULL")).ShouldBe(1);
    }

    [Theory]
    [InlineData(501)]
    [InlineData(1_500)]
    [InlineData(-1)]
    public async Task Rejecting_a_cash_out_with_a_bad_note_is_a_validation_refusal_and_leaves_it_pending(int length)
    {
        var note = length < 0 ? "bank details\u2066 wrong" : new string('n', length);
        var creator = await App.EarningCreatorAsync(1_000);
        var id = Guid.Parse((await (await creator.Client.PostJsonAsync("/api/cashouts", new { tokens = 1_000 })).ReadJsonAsync())["id"]!.GetValue<string>());

        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new DecideCashout(Admin, id, Approve: false, note))))
            .BrokenRule.Kind.ShouldBe(RuleKind.Validation);
        (await App.CountAsync($"SELECT count(*) FROM cashouts WHERE id = '{id}' AND status = 'Pending'")).ShouldBe(1);
        (await App.EarnedAsync(creator.Id)).ShouldBe(0);
    }

    [Theory]
    [InlineData(1_001)]
    [InlineData(-1)]
    public async Task Ending_a_call_with_a_bad_reason_is_a_validation_refusal_and_leaves_it_open(int length)
    {
        var reason = length < 0 ? "abuse\u200D reported" : new string('r', length);
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        (await creator.Client.PutJsonAsync("/api/creators/me/call-settings", new { ratePerMinute = 20, available = true })).StatusCode.ShouldBe(HttpStatusCode.OK);
        var call = await fan.Client.PostJsonAsync("/api/calls", new { creatorId = creator.Id });
        call.StatusCode.ShouldBe(HttpStatusCode.Created);
        var id = Guid.Parse((await call.ReadJsonAsync())["id"]!.GetValue<string>());

        (await Should.ThrowAsync<BusinessRuleValidationException>(() => App.SendAsync(new EndCallByStaff(Admin, id, reason))))
            .BrokenRule.Kind.ShouldBe(RuleKind.Validation);
        (await App.CountAsync($"SELECT count(*) FROM calls WHERE id = '{id}' AND status = 'Requested'")).ShouldBe(1);
        (await fan.Client.PostAsync($"/api/calls/{id}/cancel", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reasons_at_the_length_limit_are_accepted()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var reason = new string('r', MaxReasonLength);

        (await App.SendAsync(new AdjustWallet(Admin, Guid.CreateVersion7(), fan.Id, Credit: true, 5, reason, new string('x', 100)))).Balance.ShouldBe(105);
        (await App.SendAsync(new RefundSpend(Admin, SpendKind.Tip, await TipAsync(fan, creator, 10), reason))).Amount.ShouldBe(10);
    }

    [Fact]
    public async Task A_refund_reason_stays_in_the_audit_log_and_out_of_the_statements()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var tip = await TipAsync(fan, creator, 60);

        await App.SendAsync(new RefundSpend(Admin, SpendKind.Tip, tip, "suspected fraud on this card"));

        foreach (var user in new[] { fan, creator })
        {
            var body = await (await user.Client.GetAsync("/api/wallet/transactions")).Content.ReadAsStringAsync();
            body.ShouldNotContain("fraud");
            var refund = (await (await user.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync())["items"]![0]!;
            refund["kind"]!.GetValue<string>().ShouldBe("refund");
            refund["memo"]!.GetValue<string>().ShouldBe("refund by support");
        }

        (await AuditAsync()).ShouldContain(a => a.Target.Contains(tip.ToString()) && a.Reason == "suspected fraud on this card");
    }

    [Fact]
    public async Task An_adjustment_reason_stays_in_the_audit_log_and_the_statement_shows_only_the_reference()
    {
        var fan = await App.FundedUserAsync(100);
        var withReference = Guid.CreateVersion7();

        await App.SendAsync(new AdjustWallet(Admin, withReference, fan.Id, Credit: false, 30, "suspected fraud, taking back", " INC-42 "));
        await App.SendAsync(new AdjustWallet(Admin, Guid.CreateVersion7(), fan.Id, Credit: true, 10, "internal note: angry customer", null));

        var body = await (await fan.Client.GetAsync("/api/wallet/transactions")).Content.ReadAsStringAsync();
        body.ShouldNotContain("fraud");
        body.ShouldNotContain("angry");
        var items = (await (await fan.Client.GetAsync("/api/wallet/transactions")).ReadJsonAsync())["items"]!.AsArray();
        items[0]!["memo"]!.GetValue<string>().ShouldBe("adjustment by support");
        items[1]!["memo"]!.GetValue<string>().ShouldBe("adjustment by support (ref INC-42)");
        items[1]!["referenceId"]!.GetValue<string>().ShouldBe(withReference.ToString());
        var audit = await AuditAsync();
        audit.ShouldContain(a => a.Target.StartsWith($"user {fan.Id}", StringComparison.Ordinal) && a.Reason == "suspected fraud, taking back" && a.Target.Contains("INC-42"));
        audit.ShouldContain(a => a.Target.StartsWith($"user {fan.Id}", StringComparison.Ordinal) && a.Reason == "internal note: angry customer");
    }

    private static async Task<Guid> TipAsync(TestUser fan, TestUser creator, long amount)
    {
        var response = await fan.Client.PostJsonAsync("/api/tips", new { creatorId = creator.Id, amount });
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return Guid.Parse((await response.ReadJsonAsync())["id"]!.GetValue<string>());
    }

    private async Task<IReadOnlyList<StaffActionDto>> AuditAsync() =>
        (await App.SendAsync(new GetAuditLog(Application.Common.Paging.PageRequest.From(100, null)))).Items;
}
