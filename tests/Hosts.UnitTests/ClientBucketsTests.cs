extern alias gateway;

using System.Net;
using System.Security.Cryptography;
using gateway::Digis.Gateway.Infrastructure;
using Digis.ServiceDefaults;
using Digis.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.Tokens;

namespace Digis.Hosts.UnitTests;

/// <summary>
/// The rate limiter's bucket (SPEC §19): a verified token's own, named by its hash, remembered while it is good;
/// anything else the client address's (IPv6: its /64), and never remembered.
/// </summary>
public class ClientBucketsTests
{
    private static readonly Uri Issuer = new("http://localhost:8080/");
    private static readonly RsaSecurityKey Published = new(RSA.Create(2048)) { KeyId = "published" };
    private readonly TestClock _clock = new();
    private readonly ClientBuckets _buckets;

    public ClientBucketsTests() => _buckets = new ClientBuckets(Verifier(Published), _clock);

    /// <summary>The identity host's published keys, as the gateway sees them: here one key, known up front.</summary>
    private static PublishedKeyTokens Verifier(SecurityKey key)
    {
        var parameters = AccessTokenContract.ValidationParameters(Issuer.ToString());
        parameters.IssuerSigningKey = key;
        return new PublishedKeyTokens(parameters);
    }

    private static string TokenFor(Guid user, SecurityKey? key = null, TimeSpan? lifetime = null) =>
        StackKeys.Sign(key ?? Published, Issuer, user, "fan", "Finn", emailVerified: true, lifetime ?? TimeSpan.FromHours(1));

    [Fact]
    public async Task A_signed_token_has_a_bucket_of_its_own_named_by_its_hash_not_its_text()
    {
        var user = Guid.CreateVersion7();
        var token = TokenFor(user);

        var bucket = (await _buckets.TokenBucketAsync(token));
        bucket.ShouldNotBeNull().ShouldStartWith("tok:");
        bucket.ShouldNotContain(user.ToString());
        (await _buckets.TokenBucketAsync(token)).ShouldBe(bucket);
        (await _buckets.TokenBucketAsync(TokenFor(Guid.CreateVersion7()))).ShouldNotBe(bucket);
        _buckets.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_forged_or_foreign_token_has_no_bucket_and_is_not_remembered_even_after_the_genuine_one_was_seen()
    {
        var genuine = TokenFor(Guid.CreateVersion7()).Split('.');
        var forgedPayload = TokenFor(Guid.CreateVersion7()).Split('.')[1];
        var foreign = new ClientBuckets(Verifier(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "published" }), _clock);

        (await _buckets.TokenBucketAsync(string.Join('.', genuine))).ShouldNotBeNull();
        (await _buckets.TokenBucketAsync($"{genuine[0]}.{forgedPayload}.{genuine[2]}")).ShouldBeNull();
        (await _buckets.TokenBucketAsync($"{genuine[0]}.{forgedPayload}.{genuine[2]}")).ShouldBeNull();
        (await foreign.TokenBucketAsync(string.Join('.', genuine))).ShouldBeNull();
        foreign.Count.ShouldBe(0);
        (await _buckets.TokenBucketAsync("not-a-token")).ShouldBeNull();
        _buckets.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Ten_thousand_junk_tokens_leave_nothing_behind()
    {
        var junk = new string('x', ClientBuckets.MaxTokenLength - 100);
        for (var i = 0; i < 10_000; i++)
        {
            (await _buckets.TokenBucketAsync($"{i}.{junk}.{i}")).ShouldBeNull();
        }

        _buckets.Count.ShouldBe(0);
    }

    [Fact]
    public async Task What_is_remembered_stays_bounded_however_many_genuine_tokens_arrive()
    {
        for (var i = 0; i < ClientBuckets.MaxRemembered + 50; i++)
        {
            (await _buckets.TokenBucketAsync(TokenFor(Guid.CreateVersion7()))).ShouldNotBeNull();
        }

        _buckets.Count.ShouldBeLessThanOrEqualTo(ClientBuckets.MaxRemembered);
    }

    [Fact]
    public async Task An_expired_token_loses_its_bucket_even_when_remembered()
    {
        var token = TokenFor(Guid.CreateVersion7(), lifetime: TimeSpan.FromMinutes(5));
        (await _buckets.TokenBucketAsync(token)).ShouldNotBeNull();

        _clock.Advance(TimeSpan.FromMinutes(6));
        (await _buckets.TokenBucketAsync(token)).ShouldBeNull();
        _buckets.Count.ShouldBe(0);
    }

    [Fact]
    public async Task Without_a_good_token_the_bucket_is_the_address_and_an_ipv6_clients_is_its_64()
    {
        static HttpContext From(string address, string? authorization = null)
        {
            var http = new DefaultHttpContext();
            http.Connection.RemoteIpAddress = IPAddress.Parse(address);
            if (authorization is not null)
            {
                http.Request.Headers.Authorization = authorization;
            }

            return http;
        }

        (await _buckets.KeyOfAsync(From("2001:db8:1:2::1"))).ShouldBe((await _buckets.KeyOfAsync(From("2001:db8:1:2:ffff:ffff:ffff:ffff"))));
        (await _buckets.KeyOfAsync(From("2001:db8:1:2::1"))).ShouldNotBe((await _buckets.KeyOfAsync(From("2001:db8:1:3::1"))));
        (await _buckets.KeyOfAsync(From("198.51.100.7"))).ShouldBe((await _buckets.KeyOfAsync(From("::ffff:198.51.100.7"))));
        (await _buckets.KeyOfAsync(From("198.51.100.7", "Bearer forged.token.here"))).ShouldBe((await _buckets.KeyOfAsync(From("198.51.100.7"))));
        (await _buckets.KeyOfAsync(From("198.51.100.7", "Bearer " + TokenFor(Guid.CreateVersion7())))).ShouldStartWith("tok:");
    }
}
