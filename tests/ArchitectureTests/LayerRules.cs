using System.Reflection;
using NetArchTest.Rules;

namespace Digis.ArchitectureTests;

/// <summary>One layer rule: the types of an assembly must not depend on any of the forbidden namespaces.</summary>
public sealed record LayerRule(string Name, Assembly Assembly, string[] Forbidden)
{
    private TestResult Check(Conditions shouldNot) => shouldNot.HaveDependencyOnAny(Forbidden).GetResult();

    public TestResult CheckOwnAssembly() => Check(Types.InAssembly(Assembly).ShouldNot());

    /// <summary>The same rule over one type of this test assembly that breaks it on purpose.</summary>
    public TestResult CheckBreakingType(Type breaking) =>
        Check(Types.InAssembly(typeof(LayerRule).Assembly).That().HaveName(breaking.Name).ShouldNot());

    public override string ToString() => Name;

    public static readonly LayerRule Domain = new(
        "domain",
        typeof(Digis.Domain.Money.Tokens).Assembly,
        [
            "Digis.Application", "Digis.Infrastructure", "Digis.Api", "Digis.Admin", "Digis.Gateway",
            "Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Npgsql", "Serilog", "Mediator", "Prometheus",
        ]);

    public static readonly LayerRule Application = new(
        "application",
        typeof(Digis.Application.DependencyInjection).Assembly,
        [
            "Digis.Infrastructure", "Digis.Api", "Digis.Admin", "Digis.Gateway", "Npgsql", "Microsoft.AspNetCore",
            // Use cases record figures through IMetrics; which metrics library exports them is Infrastructure's.
            "Prometheus",
            // EF Core's change tracker (DbSet.Local's LocalView, ChangeTracker, EntityEntry): use cases query and
            // add through the DbSets; what is tracked, and when it is written, belongs to Infrastructure.
            // NetArchTest sees the types a method names (members it calls, fields, locals), not what a call
            // returns: DbSet.Local handed straight to LINQ, or the EntityEntry that DbSet.Add returns, pass unseen.
            "Microsoft.EntityFrameworkCore.ChangeTracking",
        ]);

    public static readonly LayerRule Gateway = new(
        "gateway",
        Assembly.Load("Digis.Gateway"),
        ["Digis.Domain", "Digis.Application", "Digis.Infrastructure"]);

    /// <summary>What every host sets up alike (URLs, trusted proxies, tracing): it knows none of the product's layers.</summary>
    public static readonly LayerRule ServiceDefaults = new(
        "service defaults",
        typeof(Digis.ServiceDefaults.HostUrls).Assembly,
        ["Digis.Domain", "Digis.Application", "Digis.Infrastructure", "Digis.Api", "Digis.Admin", "Digis.Gateway", "Npgsql"]);

    public static readonly LayerRule Api = new(
        "api",
        typeof(Digis.Api.Infrastructure.Problems).Assembly,
        ["Digis.Admin"]);

    /// <summary>The identity host is a context of its own: of the product it may use the Domain's rules (plain text), never the money system's code.</summary>
    public static readonly LayerRule Identity = new(
        "identity",
        typeof(Digis.Identity.Accounts.Account).Assembly,
        ["Digis.Application", "Digis.Infrastructure", "Digis.Api", "Digis.Admin", "Digis.Gateway"]);

    public static readonly LayerRule Admin = new(
        "admin",
        typeof(Digis.Admin.AdminPaths).Assembly,
        ["Digis.Api"]);
}
