extern alias gateway;

using System.Net;
using gateway::Digis.Gateway.Infrastructure;
using Digis.Api.Infrastructure;
using Digis.Testing;
using Microsoft.AspNetCore.Http;

namespace Digis.Gateway.FunctionalTests;

/// <summary>
/// The rate limiter's bucket (SPEC §19): a verified token's own, named by its hash, remembered while it is good;
/// anything else the client address's (IPv6: its /64), and never remembered.
/// </summary>
public class ClientBucketsTests
{
    private readonly TestClock _clock = new();
    private readonly ClientBuckets _buckets;

    public ClientBucketsTests() => _buckets = new ClientBuckets(new Hs256AccessTokens(DigisApiFactory.SigningKey), _clock);

    [Fact]
    public void A_signed_token_has_a_bucket_of_its_own_named_by_its_hash_not_its_text()
    {
        var user = Guid.CreateVersion7();
        var token = DigisApiFactory.TokenFor(user, "fan", "Finn");

        var bucket = _buckets.TokenBucket(token);
        bucket.ShouldNotBeNull().ShouldStartWith("tok:");
        bucket.ShouldNotContain(user.ToString());
        _buckets.TokenBucket(token).ShouldBe(bucket);
        _buckets.TokenBucket(DigisApiFactory.TokenFor(Guid.CreateVersion7(), "fan", "Finn")).ShouldNotBe(bucket);
        _buckets.Count.ShouldBe(2);
    }

    [Fact]
    public void A_forged_or_foreign_token_has_no_bucket_and_is_not_remembered_even_after_the_genuine_one_was_seen()
    {
        var genuine = DigisApiFactory.TokenFor(Guid.CreateVersion7(), "fan", "Finn").Split('.');
        var forgedPayload = DigisApiFactory.TokenFor(Guid.CreateVersion7(), "fan", "Finn").Split('.')[1];
        var foreign = new ClientBuckets(new Hs256AccessTokens("another-signing-key-0123456789-0123456789-0123"), _clock);

        _buckets.TokenBucket(string.Join('.', genuine)).ShouldNotBeNull();
        _buckets.TokenBucket($"{genuine[0]}.{forgedPayload}.{genuine[2]}").ShouldBeNull();
        _buckets.TokenBucket($"{genuine[0]}.{forgedPayload}.{genuine[2]}").ShouldBeNull();
        foreign.TokenBucket(string.Join('.', genuine)).ShouldBeNull();
        foreign.Count.ShouldBe(0);
        _buckets.TokenBucket("not-a-token").ShouldBeNull();
        _buckets.Count.ShouldBe(1);
    }

    [Fact]
    public void Ten_thousand_junk_tokens_leave_nothing_behind()
    {
        var junk = new string('x', ClientBuckets.MaxTokenLength - 100);
        for (var i = 0; i < 10_000; i++)
        {
            _buckets.TokenBucket($"{i}.{junk}.{i}").ShouldBeNull();
        }

        _buckets.Count.ShouldBe(0);
    }

    [Fact]
    public void What_is_remembered_stays_bounded_however_many_genuine_tokens_arrive()
    {
        for (var i = 0; i < ClientBuckets.MaxRemembered + 50; i++)
        {
            _buckets.TokenBucket(DigisApiFactory.TokenFor(Guid.CreateVersion7(), "fan", "Finn")).ShouldNotBeNull();
        }

        _buckets.Count.ShouldBeLessThanOrEqualTo(ClientBuckets.MaxRemembered);
    }

    [Fact]
    public void An_expired_token_loses_its_bucket_even_when_remembered()
    {
        var token = AccessTokens.Create(DigisApiFactory.Auth, Guid.CreateVersion7(), "fan", "Finn", TimeSpan.FromMinutes(5));
        _buckets.TokenBucket(token).ShouldNotBeNull();

        _clock.Advance(TimeSpan.FromMinutes(6));
        _buckets.TokenBucket(token).ShouldBeNull();
        _buckets.Count.ShouldBe(0);
    }

    [Fact]
    public void Without_a_good_token_the_bucket_is_the_address_and_an_ipv6_clients_is_its_64()
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

        _buckets.KeyOf(From("2001:db8:1:2::1")).ShouldBe(_buckets.KeyOf(From("2001:db8:1:2:ffff:ffff:ffff:ffff")));
        _buckets.KeyOf(From("2001:db8:1:2::1")).ShouldNotBe(_buckets.KeyOf(From("2001:db8:1:3::1")));
        _buckets.KeyOf(From("198.51.100.7")).ShouldBe(_buckets.KeyOf(From("::ffff:198.51.100.7")));
        _buckets.KeyOf(From("198.51.100.7", "Bearer forged.token.here")).ShouldBe(_buckets.KeyOf(From("198.51.100.7")));
        _buckets.KeyOf(From("198.51.100.7", "Bearer " + DigisApiFactory.TokenFor(Guid.CreateVersion7(), "fan", "Finn"))).ShouldStartWith("tok:");
    }
}
