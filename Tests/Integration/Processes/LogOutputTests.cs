using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Integration.Processes;

/// <summary>What a production process writes to stdout: one JSON object per line, request lines with the trace id.</summary>
[Trait("Category", "Slow")]
[Collection(EmbeddedSilo.Name)]
public sealed class LogOutputTests(EmbeddedSiloProcess silo)
{
    [Fact]
    public async Task EveryStdoutLine_IsJson_AndAFailedRequestsLine_CarriesTheTraceIdOfItsErrorBody()
    {
        using var response = await silo.Http.GetAsync($"/api/cards/no_such_card_{Keys.Fresh()}");
        var traceId = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["traceId"];
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Matches("^[0-9a-f]{32}$", traceId);

        var line = await WaitForLineAsync(l => (string?)l["@tr"] == traceId);

        Assert.Equal("Cereon.Hosting.RequestOutcomeLog", (string?)line["SourceContext"]);
        Assert.Equal(404, (int?)line["StatusCode"]);
        Assert.NotNull(line["Elapsed"]);
        Assert.Matches("^[0-9a-f]{16}$", (string?)line["@sp"]);
        Assert.All(silo.StdoutLines, text =>
        {
            var parsed = JsonNode.Parse(text) as JsonObject;
            Assert.True(parsed is not null, "Not a JSON object: " + text);
            Assert.NotNull(parsed["@t"]);
            Assert.NotNull(parsed["@m"]);
        });
    }

    [Fact]
    public async Task SuccessfulRequests_AreNotLoggedAtTheDefaultLevel_ButAreCountedAtMetrics_ByCardAndStatus()
    {
        var before = Counts(await PrometheusText.ScrapeAsync(silo.Http, silo.BaseAddress));
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cards/mrr_overview");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await silo.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // A later failing request's line proves the log has caught up past the successful one.
        using var marker = await silo.Http.GetAsync($"/api/cards/no_such_card_{Keys.Fresh()}");
        var markerTrace = (string?)JsonNode.Parse(await marker.Content.ReadAsStringAsync())!["traceId"];
        await WaitForLineAsync(l => (string?)l["@tr"] == markerTrace);
        var metrics = await PrometheusText.ScrapeUntilAsync(silo.Http, silo.BaseAddress, m => Counts(m).AllAbove(before));
        var after = Counts(metrics);

        Assert.DoesNotContain(silo.StdoutLines, text => text.Contains(traceId.ToString(), StringComparison.Ordinal));
        Assert.True(after.Reads > before.Reads, $"Reads of mrr_overview answered 200: {before.Reads} before, {after.Reads} after");
        Assert.True(after.NotFound > before.NotFound, $"Unknown paths answered 404: {before.NotFound} before, {after.NotFound} after");
        Assert.True(after.Cached > before.Cached, $"mrr_overview's cache hits and misses: {before.Cached} before, {after.Cached} after");
        Assert.Contains(metrics, s => s.Name.StartsWith("orleans_", StringComparison.Ordinal));
    }

    private static RequestCounts Counts(IReadOnlyList<MetricSample> metrics) => new(
        metrics.Sum("http_server_request_duration_seconds_count", ("http_route", "/api/cards/mrr_overview"), ("http_response_status_code", "200")),
        metrics.Sum("http_server_request_duration_seconds_count", ("http_route", "/{**path}"), ("http_response_status_code", "404")),
        // A read is a hit or a miss of the card's grain, or a hit of the gateway's response cache (another test's
        // read of the same card may have left the answer there).
        metrics.Sum("cereon_card_cache_misses_total", ("card", "/api/cards/mrr_overview"))
            + metrics.Sum("cereon_card_cache_hits_total", ("card", "/api/cards/mrr_overview"))
            + metrics.Sum("cereon_gateway_response_cache_hits_total", ("card", "/api/cards/mrr_overview")));

    private async Task<JsonObject> WaitForLineAsync(Func<JsonObject, bool> match)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            foreach (var text in silo.StdoutLines)
            {
                if (TryParse(text) is { } line && match(line))
                {
                    return line;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "No such log line within 10 s:\n" + string.Join('\n', silo.StdoutLines.TakeLast(20)));
            await Task.Delay(100);
        }
    }

    private static JsonObject? TryParse(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record RequestCounts(double Reads, double NotFound, double Cached)
    {
        public bool AllAbove(RequestCounts before) => Reads > before.Reads && NotFound > before.NotFound && Cached > before.Cached;
    }
}
