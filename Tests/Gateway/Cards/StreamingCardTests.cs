using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Cards;

/// <summary>protocol.md §5 on a real socket: framing and media type per format, error policies, flushing, cancellation.</summary>
[Collection(SharedCluster.Name)]
public sealed class StreamingCardTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Ndjson_IsOneRecordPerLine()
    {
        var (mediaType, body) = await GetAsync("/api/cards/revenue_trend");

        Assert.Equal("application/x-ndjson", mediaType);
        Assert.EndsWith("\n", body, StringComparison.Ordinal);
        var records = body.TrimEnd('\n').Split('\n').Select(line => JsonNode.Parse(line)!).ToList();
        Assert.Equal(4, records.Count);
        Assert.All(records, r => Assert.Equal(7, r["data"]!.AsArray().Count));
        Assert.All(records, r => Assert.Equal("line", (string?)r["kind"]));
    }

    [Fact]
    public async Task Sse_IsDataBlocks_ThenAnEndEvent()
    {
        var (mediaType, body) = await GetAsync("/api/cards/showcase_sse");

        Assert.Equal("text/event-stream", mediaType);
        Assert.EndsWith("event: end\ndata: {}\n\n", body, StringComparison.Ordinal);
        var blocks = body[..^"event: end\ndata: {}\n\n".Length].Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(blocks);
        Assert.All(blocks, b => Assert.Equal("showcase_sse", (string?)JsonNode.Parse(b["data: ".Length..])!["cardId"]));
    }

    [Fact]
    public async Task Delimited_WritesTheDelimiterTwice_AfterEveryRecord()
    {
        var (mediaType, body) = await GetAsync("/api/cards/showcase_delimited");

        Assert.Equal("text/plain; charset=utf-8", mediaType);
        Assert.EndsWith("}\n\n", body, StringComparison.Ordinal);
        var records = body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.True(records.Length > 1);
        Assert.All(records, r => Assert.Equal("showcase_delimited", (string?)JsonNode.Parse(r)!["cardId"]));
    }

    [Fact]
    public async Task Json_IsOneArray()
    {
        var (mediaType, body) = await GetAsync("/api/cards/showcase_json");

        Assert.Equal("application/json; charset=utf-8", mediaType);
        var records = JsonNode.Parse(body)!.AsArray();
        Assert.True(records.Count > 1);
        Assert.All(records, r => Assert.Equal("showcase_json", (string?)r!["cardId"]));
    }

    /// <summary>
    /// Long enough that Orleans pages the enumeration over many calls, several at once: every page of one request
    /// must reach the activation that started it.
    /// </summary>
    [Fact]
    public async Task LongStreams_RunConcurrently_ArriveWhole()
    {
        const int Records = 20_000;
        var bodies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => GetAsync($"/api/cards/bulk_stream?records={Records}")));

        Assert.All(bodies, b =>
        {
            var lines = b.Body.TrimEnd('\n').Split('\n');
            Assert.Equal(Records, lines.Length);
            Assert.Equal(Records - 1, (int)JsonNode.Parse(lines[^1])!["data"]![0]!["n"]!);
        });
    }

    [Fact]
    public async Task SkipPolicy_DropsInvalidRecords()
    {
        var (_, body) = await GetAsync("/api/cards/mixed_skip");

        Assert.Equal([1, 3], Lines(body).Select(r => (int)r["data"]![0]!["n"]!));
    }

    [Fact]
    public async Task LogPolicy_EmitsAValidationError_InPlace()
    {
        var lines = Lines((await GetAsync("/api/cards/mixed_log")).Body);

        Assert.Equal(3, lines.Count);
        Assert.Contains("array of objects", (string?)lines[1]["__validation_error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailPolicy_EndsTheStream()
    {
        var lines = Lines((await GetAsync("/api/cards/mixed_fail")).Body);

        Assert.Equal(1, (int)Assert.Single(lines)["data"]![0]!["n"]!);
    }

    [Theory]
    [InlineData("mixed_sse")]
    [InlineData("shared_mixed_sse")]
    public async Task ThrowingHandler_InSse_WritesAnErrorEvent_AndNoEndEvent(string cardId)
    {
        var (_, body) = await GetAsync($"/api/cards/{cardId}?throw=yes&key={Keys.Fresh()}");

        Assert.Contains("event: error\ndata: {", body, StringComparison.Ordinal);
        Assert.DoesNotContain("boom", body, StringComparison.Ordinal);
        Assert.DoesNotContain("event: end", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstRecord_Arrives_BeforeTheNextIsProduced()
    {
        var key = Keys.Fresh();
        using var response = await _http.GetAsync(new Uri($"/api/cards/slow_stream?key={key}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var first = await reader.ReadLineAsync();
        var receivedAt = DateTimeOffset.UtcNow;
        StreamSignals.For("first-received", key).TrySetResult(receivedAt);
        var second = await reader.ReadLineAsync();
        var secondProducedAt = await StreamSignals.For("second-produced", key).Task;

        Assert.Equal(1, (int)JsonNode.Parse(first!)!["data"]![0]!["step"]!);
        Assert.Equal(2, (int)JsonNode.Parse(second!)!["data"]![0]!["step"]!);
        Assert.True(receivedAt <= secondProducedAt, "the first record waited for the second");
    }

    [Fact]
    public async Task ClientDisconnect_CancelsTheHandler()
    {
        var key = Keys.Fresh();
        var cancelled = StreamSignals.For("cancelled", key).Task;
        using (var response = await _http.GetAsync(new Uri($"/api/cards/endless_stream?key={key}", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead))
        using (var reader = new StreamReader(await response.Content.ReadAsStreamAsync()))
        {
            Assert.NotNull(await reader.ReadLineAsync());
        }

        Assert.True(await Task.WhenAny(cancelled, Task.Delay(TimeSpan.FromSeconds(20))) == cancelled, "the handler kept running after the client left");
    }

    private async Task<(string? MediaType, string Body)> GetAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response.Content.Headers.ContentType?.ToString(), await response.Content.ReadAsStringAsync());
    }

    private static List<JsonNode> Lines(string body) => [.. body.TrimEnd('\n').Split('\n').Select(l => JsonNode.Parse(l)!)];
}
