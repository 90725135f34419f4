using System.Net.Http.Headers;
using Digis.Api.Infrastructure;
using Digis.Application.Calls;
using Digis.Application.Common.Interfaces;
using Digis.Application.Ledger;
using Digis.Domain.Ledger;
using Digis.Domain.Money;
using Digis.Domain.Users;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Digis.Testing;

/// <summary>
/// The API in-process on a fresh real PostgreSQL database (migrated at start-up), with helpers for users,
/// tokens, funding wallets and checking the ledger. One per test assembly (a collection fixture).
/// </summary>
public class DigisApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string SigningKey = "digis-test-signing-key-0123456789-0123456789";
    public const string WebhookSecret = "whsec_digis_test_secret";
    public const string ConnectWebhookSecret = "whsec_digis_test_connect_secret";
    public const string BillingSecret = "billing-test-secret";

    private string? _connectionString;
    private string? _ownerConnectionString;

    public static AuthOptions Auth { get; } = new() { SigningKey = SigningKey, Issuer = "digis", Audience = "digis" };

    /// <summary>The database as the API sees it: its own role, which may read everything but write no ledger table.</summary>
    public string ConnectionString => _connectionString ?? throw new InvalidOperationException("Not started.");

    /// <summary>The database as its owner (migrations; a test that corrupts the ledger on purpose).</summary>
    public string OwnerConnectionString => _ownerConnectionString ?? throw new InvalidOperationException("Not started.");

    /// <summary>One database per test project (its folder name), so test assemblies running side by side never share one.</summary>
    protected virtual string DatabaseName => "digis_test_" + TestProjectName.Replace('.', '_').ToLowerInvariant();

    private static string TestProjectName =>
        new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.Name;

    /// <summary>The API listens on a real loopback socket (Kestrel), so hub clients use real WebSockets.</summary>
    public DigisApiFactory() => UseKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0));

    /// <summary>Where the API listens (after start).</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
        .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    public virtual async Task InitializeAsync()
    {
        _ownerConnectionString = await PrepareDatabaseAsync();
        _connectionString = await TestDatabase.AsAppAsync(_ownerConnectionString);
        StartServer(); // runs the migrations, as the owner
        ClientOptions.BaseAddress = BaseAddress;
    }

    /// <summary>A fresh database by default (its owner's connection string); a second host of the same database returns the first one's.</summary>
    protected virtual Task<string> PrepareDatabaseAsync() => TestDatabase.CreateAsync(DatabaseName);

    public new virtual async Task DisposeAsync() => await base.DisposeAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Digis", ConnectionString);
        builder.UseSetting("ConnectionStrings:DigisMigrations", OwnerConnectionString);
        builder.UseSetting("Auth:SigningKey", SigningKey);
        builder.UseSetting("Payments:WebhookSecret", WebhookSecret);
        builder.UseSetting("Payments:ConnectWebhookSecret", ConnectWebhookSecret);
        builder.UseSetting("Payments:Provider", "sandbox");
        builder.UseSetting("Billing:WebhookSecret", BillingSecret);
        builder.UseSetting("Database:MigrateOnStartup", "true");
        builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
        // Tests run the payout job themselves (PayoutsAsync), so a cash-out is paid when the test says.
        builder.ConfigureTestServices(services => services.Remove(services.Single(s => s.ImplementationType == typeof(Digis.Api.Jobs.PayoutService))));
        builder.ConfigureTestServices(ConfigureTestServices);
    }

    protected virtual void ConfigureTestServices(IServiceCollection services)
    {
    }

    public static string TokenFor(Guid userId, string role, string name = "Test User") =>
        AccessTokens.Create(Auth, userId, role, name, TimeSpan.FromDays(30));

    /// <summary>A new user (not yet provisioned: the first request does that) and a client carrying their token.</summary>
    public TestUser NewUser(UserRole role = UserRole.Fan, string? name = null)
    {
        var id = Guid.CreateVersion7();
        var roleName = role == UserRole.Creator ? "creator" : "fan";
        var displayName = name ?? $"{roleName}-{id.ToString("N")[^6..]}";
        var client = CreateClient();
        var token = TokenFor(id, roleName, displayName);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new TestUser(id, role, displayName, token, client);
    }

    /// <summary>
    /// Provisions the user and credits their wallet from issuance as a purchase would; a creator also gets an enabled
    /// payout account (<see cref="EnablePayoutsAsync"/>), as every creator who cashes out has one.
    /// </summary>
    public async Task<TestUser> FundedUserAsync(long tokens, UserRole role = UserRole.Fan, string? name = null)
    {
        var user = NewUser(role, name);
        await ProvisionAsync(user);
        if (role == UserRole.Creator)
        {
            await EnablePayoutsAsync(user.Id);
        }

        if (tokens > 0)
        {
            await CreditAsync(user.Id, tokens);
        }

        return user;
    }

    public async Task ProvisionAsync(TestUser user)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IUserProvisioner>()
            .EnsureAsync(user.Id, user.Role, user.DisplayName, CancellationToken.None);
    }

    public Task CreditAsync(Guid userId, long tokens) => AdjustAsync(userId, tokens, TransferKind.Purchase);

    /// <summary>Moves tokens between issuance and the wallet: positive credits it, negative debits it.</summary>
    public async Task AdjustAsync(Guid userId, long tokens, TransferKind kind = TransferKind.Adjustment)
    {
        await using var scope = Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<IDigisDbContext>();
        var walletId = await db.Users.Where(u => u.Id == userId).Select(u => u.WalletAccountId).SingleAsync();
        await sp.GetRequiredService<IUnitOfWork>().InTransactionAsync(
            async ct =>
            {
                var (from, to) = tokens > 0 ? (Account.IssuanceId, walletId) : (walletId, Account.IssuanceId);
                await sp.GetRequiredService<ILedger>().PostAsync(
                    new Posting(from, to, new Tokens(Math.Abs(tokens)), kind, Guid.CreateVersion7(), "test funding"), ct);
                return 0;
            },
            CancellationToken.None);
    }

    /// <summary>Everything fans have paid a creator and the creator still holds: escrow, clearing and cashable earnings.</summary>
    public async Task<long> EarnedAsync(Guid creatorId) =>
        await EarningsAsync(creatorId) is var e ? e.Escrow + e.Clearing + e.Cashable : 0;

    /// <summary>
    /// A creator's earnings that have cleared (as fans' tips of more than a week ago would be): tokens from the
    /// adjustments account straight to the creator's cashable earnings. The creator must be provisioned.
    /// </summary>
    public async Task EarnClearedAsync(Guid creatorId, long tokens)
    {
        await using var scope = Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        await sp.GetRequiredService<IUnitOfWork>().InTransactionAsync(
            async ct =>
            {
                await sp.GetRequiredService<ILedger>().PostAsync(
                    new Posting(Account.AdjustmentsId, EarningsAccounts.Cashable(creatorId), new Tokens(tokens), TransferKind.Adjustment, Guid.CreateVersion7(), "test: cleared earnings"), ct);
                return 0;
            },
            CancellationToken.None);
    }

    /// <summary>
    /// A provisioned creator with <paramref name="cashable"/> tokens of cleared earnings, an empty wallet and an enabled
    /// payout account.
    /// </summary>
    public async Task<TestUser> EarningCreatorAsync(long cashable, string? name = null)
    {
        var creator = await FundedUserAsync(0, UserRole.Creator, name);
        if (cashable > 0)
        {
            await EarnClearedAsync(creator.Id, cashable);
        }

        return creator;
    }

    /// <summary>
    /// Gives a provisioned creator an enabled payout account, as a finished Connect onboarding leaves it (its id:
    /// <see cref="PayoutAccountId"/>). Written directly: the tests of onboarding itself go through the webhook.
    /// </summary>
    public async Task EnablePayoutsAsync(Guid creatorId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO payout_accounts (id, account_id, status, payouts_enabled, details_submitted, requirements, country, currency, created_at)
            VALUES (@id, @account, 'Enabled', true, true, '{}', 'US', 'usd', now())
            ON CONFLICT (id) DO UPDATE SET status = 'Enabled', payouts_enabled = true, details_submitted = true
            """;
        command.Parameters.AddWithValue("id", creatorId);
        command.Parameters.AddWithValue("account", PayoutAccountId(creatorId));
        await command.ExecuteNonQueryAsync();
    }

    public static string PayoutAccountId(Guid creatorId) => "acct_test_" + creatorId.ToString("N")[..16];

    /// <summary>One run of the payout job now (SPEC §16), as the hosted service runs it.</summary>
    public Task<Digis.Api.Jobs.PayoutRun> PayoutsAsync() =>
        Services.GetRequiredService<Digis.Api.Jobs.PayoutJob>().RunAsync(CancellationToken.None);

    public async Task<long> BalanceAsync(Guid userId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDigisDbContext>();
        return await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Join(db.Accounts.AsNoTracking(), u => u.WalletAccountId, a => a.Id, (u, a) => a.Balance.Value)
            .SingleAsync();
    }

    /// <summary>Any account's balance (a show's escrow, a creator's earnings sub-account), by id.</summary>
    public async Task<long> AccountBalanceAsync(Guid accountId) =>
        await CountAsync($"SELECT balance FROM accounts WHERE id = '{accountId}'");

    /// <summary>A creator's earnings as GET /api/wallet reports them (escrow, clearing, cashable).</summary>
    public async Task<EarningsFigures> EarningsAsync(Guid creatorId)
    {
        await using var scope = Services.CreateAsyncScope();
        var wallet = await scope.ServiceProvider.GetRequiredService<Digis.Application.Wallets.WalletReader>().ReadAsync(creatorId, CancellationToken.None);
        return wallet.Earnings ?? throw new InvalidOperationException("Not a creator: no earnings.");
    }

    /// <summary>One metering pass now, as the hosted job and the meter endpoint run it.</summary>
    public Task<MeteringResult> MeterAsync(string source) =>
        Services.GetRequiredService<Digis.Application.Calls.MeteringPasses>().RunAsync(source, CancellationToken.None);

    /// <summary>A scalar query, as the API's role (reads; writes to the ledger are refused).</summary>
    public Task<long> CountAsync(string sql) => ScalarAsync(ConnectionString, sql);

    /// <summary>A scalar statement as the database's owner, for a test that changes what the API's role may not.</summary>
    public Task<long> CountAsOwnerAsync(string sql) => ScalarAsync(OwnerConnectionString, sql);

    private static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The shared ledger assertion: sum 0, every account equals its entries, no negative wallet.</summary>
    public async Task AssertLedgerConsistentAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<ILedgerReconciliation>().CheckAsync(CancellationToken.None);
        report.Ok.ShouldBeTrue($"ledger mismatch: {report}");
    }

    public async Task<T> SendAsync<T>(Mediator.IRequest<T> request)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.IMediator>().Send(request);
    }

    public async Task<T> SendAsync<T>(Mediator.ICommand<T> command)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.IMediator>().Send(command);
    }

    public async Task<T> SendAsync<T>(Mediator.IQuery<T> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<Mediator.IMediator>().Send(query);
    }

    /// <summary>Every item a streamed query yields (an export's rows), read to the end.</summary>
    public async Task<List<T>> StreamAsync<T>(Mediator.IStreamQuery<T> query)
    {
        await using var scope = Services.CreateAsyncScope();
        var items = new List<T>();
        await foreach (var item in scope.ServiceProvider.GetRequiredService<Mediator.IMediator>().CreateStream(query))
        {
            items.Add(item);
        }

        return items;
    }
}

public sealed record TestUser(Guid Id, UserRole Role, string DisplayName, string Token, HttpClient Client);
