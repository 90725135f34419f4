using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Digis.Domain.Users;
using Digis.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Digis.Api.FunctionalTests;

/// <summary>
/// The API's own tracer provider, with an in-memory exporter added: what it records is what an OTLP collector
/// would get (SPEC §14).
/// </summary>
public sealed class TracedApiFactory : DigisApiFactory
{
    public SpanList Spans { get; } = new();

    protected override string DatabaseName => base.DatabaseName + "_traced";

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Tracing:Enabled", "true"); // the API traces only when spans go somewhere
    }

    protected override void ConfigureTestServices(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans));

    /// <summary>The spans of one trace, once at least <paramref name="enough"/> of them are there (or after a few seconds).</summary>
    public async Task<Activity[]> TraceAsync(ActivityTraceId traceId, Func<Activity[], bool> enough)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var spans = Spans.Where(s => s.TraceId == traceId).ToArray();
            if (enough(spans) || DateTime.UtcNow > deadline)
            {
                return spans;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The exporter adds from the threads that end spans while a test reads.</summary>
    public sealed class SpanList : ICollection<Activity>
    {
        private readonly ConcurrentQueue<Activity> _spans = new();

        public int Count => _spans.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => _spans.Enqueue(item);

        public void Clear() => _spans.Clear();

        public bool Contains(Activity item) => _spans.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => _spans.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => _spans.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

[CollectionDefinition(nameof(TracingCollection))]
public sealed class TracingCollection : ICollectionFixture<TracedApiFactory>;

[Collection(nameof(TracingCollection))]
public sealed class TracingTests(TracedApiFactory app) : LedgerCheckedTest(app)
{
    [Fact]
    public async Task A_tip_sent_with_a_traceparent_is_traced_from_aspnetcore_to_postgresql_in_that_trace()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var (traceparent, traceId) = NewTraceparent();

        using var response = await TipAsync(fan, creator, traceparent);

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var spans = await app.TraceAsync(traceId, s => HasServerAndDatabaseSpans(s));
        var sources = spans.Select(s => s.Source.Name).Distinct().Order().ToArray();
        HasServerAndDatabaseSpans(spans).ShouldBeTrue($"sources in the trace: [{string.Join(", ", sources)}]");
        spans.Single(s => s.Kind == ActivityKind.Server).ParentSpanId.ToHexString().ShouldBe(traceparent.Split('-')[2]);
    }

    /// <summary>
    /// SPEC §9 v3: a keyed tip is one database round trip (docs/decisions/0111-a-tip-in-one-round-trip.md) — the parties, the
    /// limits, the tip, the posting, the key and its response go with the COMMIT; Npgsql traces each round trip as a span.
    /// </summary>
    [Fact]
    public async Task A_keyed_tip_is_one_database_round_trip()
    {
        var fan = await App.FundedUserAsync(100);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        using (var warm = await TipAsync(fan, creator, NewTraceparent().Traceparent, key: Guid.NewGuid().ToString()))
        {
            warm.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        var (traceparent, traceId) = NewTraceparent();
        using var response = await TipAsync(fan, creator, traceparent, key: Guid.NewGuid().ToString());

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var spans = await app.TraceAsync(traceId, s => HasServerAndDatabaseSpans(s) && s.Any(x => x.Kind == ActivityKind.Server && x.Duration > TimeSpan.Zero));
        await Task.Delay(500); // any later round trip of the request would have ended by now
        var roundTrips = app.Spans.Where(s => s.TraceId == traceId && s.Source.Name == "Npgsql").ToArray();
        roundTrips.Length.ShouldBe(1, string.Join("; ", roundTrips.Select(s => s.DisplayName)));
    }

    [Fact]
    public async Task A_problems_trace_id_is_the_callers_trace_id()
    {
        var fan = await App.FundedUserAsync(5);
        var creator = await App.FundedUserAsync(0, UserRole.Creator);
        var (traceparent, traceId) = NewTraceparent();

        using var response = await TipAsync(fan, creator, traceparent);

        var problem = await response.ShouldBeProblemAsync(402, "insufficient-funds");
        problem["traceId"]!.GetValue<string>().ShouldBe(traceId.ToHexString());
    }

    /// <summary>
    /// Sends the tip as a remote caller would: the API's tracer provider listens to this whole process, so the
    /// test's own HttpClient would start a span and put its traceparent on the request in place of the caller's.
    /// </summary>
    private async Task<HttpResponseMessage> TipAsync(TestUser fan, TestUser creator, string traceparent, string? key = null)
    {
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = App.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tips")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { creatorId = creator.Id, amount = 10 }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fan.Token);
        request.Headers.Add("traceparent", traceparent);
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }

    private static bool HasServerAndDatabaseSpans(Activity[] spans) =>
        spans.Any(s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server) &&
        spans.Any(s => s.Source.Name == "Npgsql");

    private static (string Traceparent, ActivityTraceId TraceId) NewTraceparent()
    {
        var traceId = ActivityTraceId.CreateRandom();
        return ($"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01", traceId);
    }
}
