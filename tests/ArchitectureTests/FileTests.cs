namespace Digis.ArchitectureTests;

public class FileTests
{
    [Fact]
    public void Every_file_of_the_domain_and_of_application_common_holds_one_type_named_after_it() =>
        FileRule.Breaches(FileRule.Root()).ShouldBeEmpty();

    [Theory]
    [InlineData("Tokens", "public readonly record struct Tokens(long Value);\npublic readonly record struct Cents(long Value);")]
    [InlineData("Money", "public readonly record struct Tokens(long Value);")]
    [InlineData("Posting", "public enum TransferKind { Tip }\npublic sealed record Posting(long Amount);")]
    [InlineData("Kinds", "public enum TransferKind { Tip }\npublic enum AccountKind { Wallet }")]
    public void The_file_rule_can_fail(string fileName, string text) => FileRule.Breach(fileName, text).ShouldNotBeNull();

    [Theory]
    [InlineData("Call", "public enum CallStatus { Active }\n\npublic sealed class Call\n{\n}")]
    [InlineData("TransferKind", "public enum TransferKind { Tip }")]
    [InlineData("Page", "public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);")]
    public void An_entity_may_keep_its_own_enums_and_a_file_may_hold_a_lone_enum(string fileName, string text) =>
        FileRule.Breach(fileName, text).ShouldBeNull();
}
