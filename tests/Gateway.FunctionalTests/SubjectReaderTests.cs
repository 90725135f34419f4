extern alias gateway;

using gateway::Digis.Gateway.Infrastructure;
using Digis.Testing;

namespace Digis.Gateway.FunctionalTests;

/// <summary>The rate limiter's partition key: a token's subject only when its signature checks out, remembered or not.</summary>
public class SubjectReaderTests
{
    private readonly RateLimits.SubjectReader _reader = new(DigisApiFactory.SigningKey);

    [Fact]
    public void A_signed_token_gives_its_subject_every_time()
    {
        var user = Guid.CreateVersion7();
        var token = DigisApiFactory.TokenFor(user, "fan", "Finn");

        _reader.Subject(token).ShouldBe(user.ToString());
        _reader.Subject(token).ShouldBe(user.ToString());
    }

    [Fact]
    public void A_forged_subject_or_a_foreign_signature_gives_none_even_after_the_genuine_token_was_seen()
    {
        var genuine = DigisApiFactory.TokenFor(Guid.CreateVersion7(), "fan", "Finn").Split('.');
        var forgedPayload = DigisApiFactory.TokenFor(Guid.CreateVersion7(), "fan", "Finn").Split('.')[1];
        var foreign = new RateLimits.SubjectReader("another-signing-key-0123456789-0123456789-0123");

        _reader.Subject(string.Join('.', genuine)).ShouldNotBeNull();
        _reader.Subject($"{genuine[0]}.{forgedPayload}.{genuine[2]}").ShouldBeNull();
        _reader.Subject($"{genuine[0]}.{forgedPayload}.{genuine[2]}").ShouldBeNull();
        foreign.Subject(string.Join('.', genuine)).ShouldBeNull();
        _reader.Subject("not-a-token").ShouldBeNull();
    }
}
