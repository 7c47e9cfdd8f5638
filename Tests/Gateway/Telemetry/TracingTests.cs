using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Telemetry;

/// <summary>
/// A request's trace reaches through the gateway, the Orleans call and the card's handler, and its id is the one in
/// error bodies. The spans are collected in process with an <see cref="ActivityListener"/>, which is what an
/// OpenTelemetry exporter listens with too.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class TracingTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Request_IsOneTrace_FromGatewayThroughGrainCallToHandler()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var spans = new SpanCollector(traceId);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cards/slow_number?key={Keys.Fresh()}&delayMs=1");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await fixture.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var server = await spans.WaitForAsync(a => a.Source.Name == "Microsoft.AspNetCore");
        var handler = await spans.WaitForAsync(a => a.Source.Name == "Cereon.Cards");

        Assert.Equal("card.handle /api/cards/slow_number", handler.OperationName);
        Assert.Equal("/api/cards/slow_number", handler.GetTagItem("card"));
        var chain = spans.AncestorsOf(handler);
        Assert.Contains(chain, a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && a.Kind == ActivityKind.Server);
        Assert.Contains(chain, a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && a.Kind == ActivityKind.Client);
        Assert.Contains(server, chain);
    }

    [Fact]
    public async Task WithNoTraceExported_HandlersStillRunUnderTheRequestsTraceId()
    {
        // No listener of this test's own: only the gateway's OpenTelemetry, which records nothing without OTLP.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cards/trace_probe?key={Keys.Fresh()}");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-00");

        using var response = await fixture.Http.SendAsync(request);
        var records = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(traceId.ToString(), (string?)records[0]!["label"]);
    }

    [Fact]
    public async Task ErrorBody_CarriesTheRequestsTraceId()
    {
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cards/no_such_card_{Keys.Fresh()}");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await fixture.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(traceId.ToString(), (string?)body["traceId"]);
    }

    private sealed class SpanCollector : IDisposable
    {
        private readonly ConcurrentDictionary<ActivitySpanId, Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public SpanCollector(ActivityTraceId traceId)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => source.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)
                    || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal)
                    || source.Name.StartsWith("Cereon", StringComparison.Ordinal),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = activity =>
                {
                    if (activity.TraceId == traceId)
                    {
                        _stopped[activity.SpanId] = activity;
                    }
                },
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public async Task<Activity> WaitForAsync(Func<Activity, bool> match)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (true)
            {
                if (_stopped.Values.FirstOrDefault(match) is { } found)
                {
                    return found;
                }

                Assert.True(DateTime.UtcNow < deadline, "The expected span never ended. Seen: "
                    + string.Join(", ", _stopped.Values.Select(a => $"{a.Source.Name}:{a.OperationName}")));
                await Task.Delay(50);
            }
        }

        /// <summary>The spans from <paramref name="span"/>'s parent up to the root, as far as they were recorded.</summary>
        public List<Activity> AncestorsOf(Activity span)
        {
            var chain = new List<Activity>();
            var parent = span.ParentSpanId;
            while (_stopped.TryGetValue(parent, out var next))
            {
                chain.Add(next);
                parent = next.ParentSpanId;
            }

            return chain;
        }

        public void Dispose() => _listener.Dispose();
    }
}
