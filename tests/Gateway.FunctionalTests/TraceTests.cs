using System.Diagnostics;
using System.Text;
using Digis.Testing;

namespace Digis.Gateway.FunctionalTests;

/// <summary>SPEC §14: a problem's <c>traceId</c> is the W3C trace id, continued from the caller's <c>traceparent</c> through the gateway.</summary>
[Collection(GatewayCollection.Name)]
public class TraceTests(GatewayStack stack)
{
    [Fact]
    public async Task The_gateways_own_problem_carries_the_callers_trace_id()
    {
        var (traceparent, traceId) = NewTraceparent();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/purchases")
        {
            Content = new StringContent(new string('x', 80 * 1024), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("traceparent", traceparent);

        using var response = await stack.Client(stack.NewToken()).SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(413, "payload-too-large");
        problem["traceId"]!.GetValue<string>().ShouldBe(traceId);
    }

    [Fact]
    public async Task The_apis_problem_carries_the_callers_trace_id_through_the_gateway()
    {
        var (traceparent, traceId) = NewTraceparent();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/streams/{Guid.CreateVersion7()}");
        request.Headers.Add("traceparent", traceparent);

        using var response = await stack.Client(stack.NewToken()).SendAsync(request);

        var problem = await response.ShouldBeProblemAsync(404, "not-found");
        problem["traceId"]!.GetValue<string>().ShouldBe(traceId);
    }

    private static (string Traceparent, string TraceId) NewTraceparent()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        return ($"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01", traceId);
    }
}
