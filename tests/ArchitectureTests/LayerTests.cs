using Digis.ArchitectureTests.Breaking;
using NetArchTest.Rules;

namespace Digis.ArchitectureTests;

public class LayerTests
{
    public static TheoryData<LayerRule> Rules => [LayerRule.Domain, LayerRule.Application, LayerRule.Gateway, LayerRule.ServiceDefaults, LayerRule.Api, LayerRule.Admin, LayerRule.Identity];

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
    };

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
        foreach (var rule in new[] { LayerRule.Domain, LayerRule.Application, LayerRule.Gateway, LayerRule.ServiceDefaults, LayerRule.Api, LayerRule.Admin, LayerRule.Identity })
        {
            Types.InAssembly(rule.Assembly).GetTypes().ShouldNotBeEmpty(rule.Name);
        }
    }
}
