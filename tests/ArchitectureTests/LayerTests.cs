using Digis.ArchitectureTests.Breaking;
using NetArchTest.Rules;

namespace Digis.ArchitectureTests;

public class LayerTests
{
    public static TheoryData<LayerRule> Rules => [.. LayerRule.All];

    /// <summary>Each rule with a type that breaks it: the rule must catch it.</summary>
    public static TheoryData<LayerRule, Type> Breaches => new()
    {
        { LayerRule.Domain, typeof(DomainTypeUsingEfCore) },
        { LayerRule.Domain, typeof(DomainTypeUsingApplication) },
        { LayerRule.Domain, typeof(DomainTypeUsingMediator) },
        { LayerRule.Domain, typeof(DomainTypeUsingSerilog) },
        { LayerRule.Domain, typeof(ApplicationTypeUsingNpgsql) },
        { LayerRule.Domain, typeof(ApplicationTypeUsingAspNetCore) },
        { LayerRule.Application, typeof(ApplicationTypeUsingInfrastructure) },
        { LayerRule.Application, typeof(ApplicationTypeUsingNpgsql) },
        { LayerRule.Application, typeof(ApplicationTypeUsingAspNetCore) },
        { LayerRule.Application, typeof(ApplicationTypeUsingChangeTracker) },
        { LayerRule.Gateway, typeof(GatewayTypeUsingDomain) },
        { LayerRule.Gateway, typeof(DomainTypeUsingApplication) },
        { LayerRule.Gateway, typeof(ApplicationTypeUsingInfrastructure) },
        { LayerRule.ServiceDefaults, typeof(GatewayTypeUsingDomain) },
        { LayerRule.ServiceDefaults, typeof(ApplicationTypeUsingInfrastructure) },
        { LayerRule.ServiceDefaults, typeof(ApplicationTypeUsingNpgsql) },
        { LayerRule.ServiceDefaults, typeof(ApiTypeUsingAdmin) },
        { LayerRule.Api, typeof(ApiTypeUsingAdmin) },
        { LayerRule.Admin, typeof(AdminTypeUsingApi) },
        { LayerRule.Identity, typeof(ApplicationTypeUsingInfrastructure) },
        { LayerRule.Identity, typeof(DomainTypeUsingApplication) },
        { LayerRule.Identity, typeof(AdminTypeUsingApi) },
        { LayerRule.Infrastructure, typeof(AdminTypeUsingApi) },
        { LayerRule.Infrastructure, typeof(ApiTypeUsingAdmin) },
        { LayerRule.DomainWithoutAsync, typeof(DomainTypeDoingAsync) },
        { LayerRule.ApplicationOpensNoTransaction, typeof(ApplicationTypeBeginningATransaction) },
        { LayerRule.HandlersSendNoCommands, typeof(SendsAnotherCommandHandler) },
    };

    /// <summary>A rule scoped by name leaves the other types alone: a type that is no handler may hold a mediator.</summary>
    [Fact]
    public void A_scoped_rule_checks_only_the_types_it_names()
    {
        var result = LayerRule.HandlersSendNoCommands.CheckBreakingType(typeof(SendsCommandsButIsNoHandlerJob));

        result.IsSuccessful.ShouldBeTrue();
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void The_layer_keeps_its_rule(LayerRule rule)
    {
        var result = rule.CheckOwnAssembly();

        result.IsSuccessful.ShouldBeTrue(
            $"{rule.Name} breaks its rule in: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Theory]
    [MemberData(nameof(Breaches))]
    public void The_rule_can_fail(LayerRule rule, Type breaking)
    {
        var result = rule.CheckBreakingType(breaking);

        result.IsSuccessful.ShouldBeFalse($"{rule.Name} did not catch {breaking.Name}");
        result.FailingTypeNames.ShouldBe([breaking.FullName]);
    }

    [Fact]
    public void Every_layer_rule_checks_types_that_exist()
    {
        foreach (var rule in LayerRule.All)
        {
            Types.InAssembly(rule.Assembly).That().HaveNameEndingWith(rule.NamesEndingWith ?? "").GetTypes().ShouldNotBeEmpty(rule.Name);
        }
    }
}
