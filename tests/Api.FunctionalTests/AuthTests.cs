using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Digis.Api.Infrastructure;
using Digis.Domain.Ledger;
using Digis.Domain.Users;
using Digis.Testing;

namespace Digis.Api.FunctionalTests;

[Collection(nameof(ApiCollection))]
public sealed class AuthTests(DigisApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task First_request_of_an_unknown_subject_provisions_the_user_with_an_empty_wallet_and_a_creator_with_empty_earnings()
    {
        var creator = App.NewUser(UserRole.Creator, "Ada Creator");

        var me = await (await creator.Client.GetAsync("/api/me")).ReadJsonAsync();

        me["id"]!.GetValue<string>().ShouldBe(creator.Id.ToString());
        me["displayName"]!.GetValue<string>().ShouldBe("Ada Creator");
        me["role"]!.GetValue<string>().ShouldBe("creator");
        me["wallet"]!["balance"]!.GetValue<long>().ShouldBe(0);
        me["wallet"]!["cashableCents"]!.GetValue<long>().ShouldBe(0);
        me["wallet"]!["earnings"]!.ToJsonString().ShouldBe("""{"escrow":0,"clearing":0,"cashable":0}""");
        (await App.CountAsync($"SELECT count(*) FROM accounts WHERE user_id = '{creator.Id}' AND kind = 'Wallet'")).ShouldBe(1);

        // The earnings accounts the database opened are the ones the code derives (EarningsAccounts), and no others.
        var derived = string.Join(", ", EarningsAccounts.AllClearing(creator.Id).Append(EarningsAccounts.Cashable(creator.Id)).Select(id => $"'{id}'"));
        (await App.CountAsync($"SELECT count(*) FROM accounts WHERE user_id = '{creator.Id}' AND kind <> 'Wallet'")).ShouldBe(EarningsAccounts.ClearingShards + 1);
        (await App.CountAsync($"SELECT count(*) FROM accounts WHERE user_id = '{creator.Id}' AND id IN ({derived})")).ShouldBe(EarningsAccounts.ClearingShards + 1);
    }

    [Fact]
    public async Task A_fan_has_no_earnings_until_their_token_says_creator()
    {
        var fan = App.NewUser(UserRole.Fan);
        (await (await fan.Client.GetAsync("/api/wallet")).ReadJsonAsync())["earnings"].ShouldBeNull();

        var asCreator = App.CreateClient();
        asCreator.DefaultRequestHeaders.Authorization = new("Bearer", DigisApiFactory.TokenFor(fan.Id, "creator", fan.DisplayName));
        var wallet = await (await asCreator.GetAsync("/api/wallet")).ReadJsonAsync();

        wallet["earnings"]!["cashable"]!.GetValue<long>().ShouldBe(0);
        (await App.CountAsync($"SELECT count(*) FROM accounts WHERE user_id = '{fan.Id}'")).ShouldBe(EarningsAccounts.ClearingShards + 2);
    }

    [Fact]
    public async Task A_fan_token_does_not_take_a_creators_role_away()
    {
        var creator = App.NewUser(UserRole.Creator, "Cora");
        (await creator.Client.GetAsync("/api/me")).EnsureSuccessStatusCode();

        // A token still saying fan (issued before the account became a creator's, or replayed) meets a creator.
        var asFan = App.CreateClient();
        asFan.DefaultRequestHeaders.Authorization = new("Bearer", DigisApiFactory.TokenFor(creator.Id, "fan", "Cora"));
        var me = await (await asFan.GetAsync("/api/me")).ReadJsonAsync();

        me["role"]!.GetValue<string>().ShouldBe("creator");
        (await App.CountAsync($"SELECT count(*) FROM users WHERE id = '{creator.Id}' AND role = 'Creator'")).ShouldBe(1);
    }

    [Fact]
    public async Task A_purchase_needs_a_token_that_says_the_email_is_confirmed()
    {
        var id = Guid.CreateVersion7();
        var unconfirmed = App.CreateClient();
        unconfirmed.DefaultRequestHeaders.Authorization = new("Bearer",
            AccessTokens.Create(DigisApiFactory.Auth, id, "fan", "Una", TimeSpan.FromHours(1), emailVerified: false));
        var purchases = await App.CountAsync("SELECT count(*) FROM purchases");

        var refused = await unconfirmed.PostAsJsonAsync("/api/purchases", new { packageId = Digis.Domain.Purchases.TokenPackage.StarterId });

        await refused.ShouldBeProblemAsync(403, "email-unconfirmed");
        (await App.CountAsync("SELECT count(*) FROM purchases")).ShouldBe(purchases);
        (await unconfirmed.GetAsync("/api/wallet")).StatusCode.ShouldBe(HttpStatusCode.OK); // everything else stays open
    }

    [Fact]
    public async Task Display_names_from_tokens_lose_their_invisible_formatting_characters()
    {
        var fan = App.NewUser(UserRole.Fan, "\u202EAda\u200B Love\u2066lace\u2069\uFEFF");

        var me = await (await fan.Client.GetAsync("/api/me")).ReadJsonAsync();

        me["displayName"]!.GetValue<string>().ShouldBe("Ada Lovelace");
        (await App.CountAsync($"SELECT count(*) FROM users WHERE id = '{fan.Id}' AND display_name = 'Ada Lovelace'")).ShouldBe(1);
    }

    [Fact]
    public async Task Concurrent_first_requests_provision_one_user_and_one_wallet()
    {
        var fan = App.NewUser();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fan.Client.GetAsync("/api/wallet")));

        responses.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        (await App.CountAsync($"SELECT count(*) FROM accounts WHERE user_id = '{fan.Id}'")).ShouldBe(1);
    }

    public static TheoryData<string, string> BadTokens()
    {
        var id = Guid.CreateVersion7();
        var expired = AccessTokens.Create(DigisApiFactory.Auth, id, "fan", "x", TimeSpan.FromMinutes(5), DateTime.UtcNow.AddHours(-2));
        var forged = AccessTokens.Create(
            new AuthOptions { SigningKey = "another-key-another-key-another-key-0123", Issuer = "digis", Audience = "digis" },
            id, "fan", "x", TimeSpan.FromHours(1));
        var wrongAudience = AccessTokens.Create(
            new AuthOptions { SigningKey = DigisApiFactory.SigningKey, Issuer = "digis", Audience = "other" },
            id, "fan", "x", TimeSpan.FromHours(1));
        var badRole = AccessTokens.Create(DigisApiFactory.Auth, id, "admin", "x", TimeSpan.FromHours(1));
        var valid = DigisApiFactory.TokenFor(id, "fan");
        var parts = valid.Split('.');
        var none = Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        var tampered = parts[0] + "." + Base64Url("{\"sub\":\"" + Guid.CreateVersion7() + "\",\"role\":\"creator\",\"iss\":\"digis\",\"aud\":\"digis\",\"exp\":4102444800}") + "." + parts[2];
        return new TheoryData<string, string>
        {
            { "expired", expired },
            { "forged", forged },
            { "wrong-audience", wrongAudience },
            { "bad-role", badRole },
            { "alg-none", none },
            { "tampered", tampered },
            { "garbage", "not.a.token" },
        };
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Bad_tokens_get_401_problem_and_provision_nothing(string why, string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var users = await App.CountAsync("SELECT count(*) FROM users");

        var response = await client.GetAsync("/api/wallet");

        await response.ShouldBeProblemAsync(401, "unauthorized");
        (await App.CountAsync("SELECT count(*) FROM users")).ShouldBe(users, why);
    }

    [Fact]
    public async Task Missing_token_is_401_problem()
    {
        var response = await App.CreateClient().GetAsync("/api/me");

        await response.ShouldBeProblemAsync(401, "unauthorized");
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
