using Digis.Domain.Staff;

namespace Digis.Domain.UnitTests;

public class StaffTests
{
    [Theory]
    [InlineData("wallet.credit", "user 0193b6f2-1c3e-7a00-8000-000000000001: 1500 tokens", 1500L)]
    [InlineData("wallet.debit", "user 0193b6f2-1c3e-7a00-8000-000000000001: 7 tokens", 7L)]
    [InlineData("wallet.debit", "user 0193b6f2-1c3e-7a00-8000-000000000001: 7 tokens (ref INC-42)", 7L)]
    [InlineData("cashout.approve", "user 0193b6f2-1c3e-7a00-8000-000000000001: 7 tokens", null)]
    [InlineData("wallet.credit", "user 0193b6f2-1c3e-7a00-8000-000000000001: -7 tokens", null)]
    [InlineData("wallet.credit", "cashout 0193b6f2-1c3e-7a00-8000-000000000001", null)]
    public void The_adjustment_audit_line_is_read_back_as_it_was_written(string action, string target, long? amount)
    {
        (WalletAdjustmentAudit.Amount(action, target)?.Value).ShouldBe(amount);
        WalletAdjustmentAudit.Target(Guid.Parse("0193b6f2-1c3e-7a00-8000-000000000001"), new(1500))
            .ShouldBe("user 0193b6f2-1c3e-7a00-8000-000000000001: 1500 tokens");
        WalletAdjustmentAudit.Target(Guid.Parse("0193b6f2-1c3e-7a00-8000-000000000001"), new(7), " INC-42 ")
            .ShouldBe("user 0193b6f2-1c3e-7a00-8000-000000000001: 7 tokens (ref INC-42)");
        WalletAdjustmentAudit.TargetPrefix(Guid.Empty).Length.ShouldBe(WalletAdjustmentAudit.TargetPrefixLength);
    }
}
