using System.Reflection;
using NetArchTest.Rules;

namespace Digis.ArchitectureTests;

/// <summary>
/// One layer rule: the types of an assembly (those whose names end with <paramref name="NamesEndingWith"/>, when given)
/// must not depend on any of the forbidden namespaces or types.
/// </summary>
public sealed record LayerRule(string Name, Assembly Assembly, string[] Forbidden, string? NamesEndingWith = null)
{
    private TestResult Check(PredicateList types) => types.ShouldNot().HaveDependencyOnAny(Forbidden).GetResult();

    private PredicateList Scoped(Predicates types) => types.HaveNameEndingWith(NamesEndingWith ?? "");

    public TestResult CheckOwnAssembly() => Check(Scoped(Types.InAssembly(Assembly).That()));

    /// <summary>The same rule over one type of this test assembly that breaks it on purpose.</summary>
    public TestResult CheckBreakingType(Type breaking) =>
        Check(Scoped(Types.InAssembly(typeof(LayerRule).Assembly).That().HaveName(breaking.Name).And()));

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

    /// <summary>Infrastructure implements the Application's ports; it knows none of the hosts that use it.</summary>
    public static readonly LayerRule Infrastructure = new(
        "infrastructure",
        typeof(Digis.Infrastructure.DependencyInjection).Assembly,
        ["Digis.Api", "Digis.Admin", "Digis.Gateway"]);

    /// <summary>The domain decides; it waits for nothing (no I/O, so no tasks).</summary>
    public static readonly LayerRule DomainWithoutAsync = new(
        "domain without async",
        typeof(Digis.Domain.Money.Tokens).Assembly,
        ["System.Threading.Tasks"]);

    /// <summary>
    /// One owner of the transaction (docs/decisions/0008-one-owner-of-the-commit.md): no use case begins, commits or
    /// reaches a transaction (EF's DatabaseFacade and IDbContextTransaction); the unit of work does.
    /// </summary>
    public static readonly LayerRule ApplicationOpensNoTransaction = new(
        "application opens no transaction",
        typeof(Digis.Application.DependencyInjection).Assembly,
        ["Microsoft.EntityFrameworkCore.Infrastructure.DatabaseFacade", "Microsoft.EntityFrameworkCore.Storage"]);

    /// <summary>
    /// A handler is one use case in one transaction: it sends no other command or query through the mediator (shared
    /// logic is a service both use). Application handlers are named <c>…Handler</c>.
    /// </summary>
    public static readonly LayerRule HandlersSendNoCommands = new(
        "handlers send no commands",
        typeof(Digis.Application.DependencyInjection).Assembly,
        ["Mediator.IMediator", "Mediator.ISender", "Mediator.IPublisher"],
        NamesEndingWith: "Handler");

    public static readonly IReadOnlyList<LayerRule> All =
    [
        Domain, Application, Gateway, ServiceDefaults, Api, Admin, Identity, Infrastructure, DomainWithoutAsync,
        ApplicationOpensNoTransaction, HandlersSendNoCommands,
    ];
}
