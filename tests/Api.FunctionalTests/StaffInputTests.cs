using System.Net;
using Digis.Application.Staff.AdjustWallet;
using Digis.Application.Staff.GetAuditLog;
using Digis.Application.Staff.RefundSpend;
using Digis.Domain.Staff;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

/// <summary>What staff type in the console is kept in the audit log, never shown in the user's statement.</summary>
[Collection(nameof(ApiCollection))]
public sealed class StaffInputTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    private static readonly StaffContext Admin = new("admin@test", StaffRole.Admin, "127.0.0.1");

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
