using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Grains.Streaming;

/// <summary>
/// Streaming cards with a TTL on a real socket: one handler run per (card, parameters, caller partition) shared by
/// concurrent and later requests, records still arriving as produced, and the error policies of protocol.md §5.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class SharedStreamingTests(ClusterFixture fixture)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(8);

    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task ConcurrentRequests_ShareOneRun_AndEachReceivesRecordsAsProduced()
    {
        var key = Keys.Fresh();
        var url = $"/api/cards/shared_stream?key={key}";
        var readers = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => OpenAsync(_http, url)));
        try
        {
            // The handler holds its second record back until "go": the first must already be at every reader.
            var firsts = await Task.WhenAll(readers.Select(r => r.Reader.ReadLineAsync().WaitAsync(Patience)));
            StreamSignals.For("go", key).TrySetResult(DateTimeOffset.UtcNow);
            var seconds = await Task.WhenAll(readers.Select(r => r.Reader.ReadLineAsync().WaitAsync(Patience)));
            var ends = await Task.WhenAll(readers.Select(r => r.Reader.ReadLineAsync().WaitAsync(Patience)));

            Assert.All(firsts, line => Assert.Equal(1, (int)JsonNode.Parse(line!)!["data"]![0]!["step"]!));
            Assert.All(seconds, line => Assert.Equal(2, (int)JsonNode.Parse(line!)!["data"]![0]!["step"]!));
            Assert.All(ends, Assert.Null);
            Assert.Equal(1, HandlerRuns.Of("shared_stream", key));
        }
        finally
        {
            foreach (var reader in readers)
            {
                reader.Dispose();
            }
        }

        var later = await GetLinesAsync(_http, url);
        Assert.Equal([1, 2], later.Select(line => (int)line["data"]![0]!["step"]!));
        Assert.Equal(1, HandlerRuns.Of("shared_stream", key));
    }

    // Real time on purpose, so slow: the rule is pinned on a clock TtlCacheTests moves; this is it end to end,
    // through the grain and its expiry timer, which run on Orleans' own clock.
    [Theory]
    [Trait("Category", "Slow")]
    [InlineData("brief_stream")]
    [InlineData("brief_ready_stream")]
    public async Task AfterTheTtl_ANewRequestRunsTheHandlerAgain(string cardId)
    {
        var key = Keys.Fresh();
        var url = $"/api/cards/{cardId}?key={key}";

        var first = await GetLinesAsync(_http, url);
        var again = await GetLinesAsync(_http, url);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var afterTtl = await GetLinesAsync(_http, url);

        Assert.All(first.Concat(again), line => Assert.Equal(1, (int)line["data"]![0]!["run"]!));
        Assert.Equal(first.Select(l => l.ToJsonString()), again.Select(l => l.ToJsonString()));
        Assert.All(afterTtl, line => Assert.Equal(2, (int)line["data"]![0]!["run"]!));
        Assert.Equal(2, HandlerRuns.Of(cardId, key));
    }

    [Fact]
    public async Task VaryByCallerCard_NeverSharesAcrossCallers()
    {
        var key = Keys.Fresh();
        var url = $"/api/cards/whoami_shared_stream?key={key}";
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings());

        var both = await Task.WhenAll(
            SendLinesAsync(gateway.Client, url, TestTokens.For("alice")),
            SendLinesAsync(gateway.Client, url, TestTokens.For("bob")));
        var aliceAgain = await SendLinesAsync(gateway.Client, url, TestTokens.For("alice"));

        Assert.All(both[0].Concat(aliceAgain), line => Assert.Equal("alice", (string?)line["data"]![0]!["who"]));
        Assert.All(both[1], line => Assert.Equal("bob", (string?)line["data"]![0]!["who"]));
        Assert.Equal(2, both[1].Count);
        Assert.Equal(2, HandlerRuns.Of("whoami_shared_stream", key));
    }

    [Fact]
    public async Task SharedRun_LogPolicy_GivesEveryReaderTheValidationError_InPlace()
    {
        var key = Keys.Fresh();
        var bodies = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => GetLinesAsync(_http, $"/api/cards/shared_mixed_log?key={key}")));

        Assert.All(bodies, lines =>
        {
            Assert.Equal(3, lines.Count);
            Assert.Contains("array of objects", (string?)lines[1]["__validation_error"], StringComparison.Ordinal);
        });
        Assert.Equal(1, HandlerRuns.Of("shared_mixed_log", key));
    }

    [Fact]
    public async Task SharedRun_FailPolicy_EndsTheStream_AndTheFailureIsNotKept()
    {
        var key = Keys.Fresh();
        var url = $"/api/cards/shared_mixed_fail?key={key}";

        var first = await GetLinesAsync(_http, url);
        var second = await GetLinesAsync(_http, url);

        Assert.Equal(1, (int)Assert.Single(first)["data"]![0]!["n"]!);
        Assert.Equal(1, (int)Assert.Single(second)["data"]![0]!["n"]!);
        Assert.Equal(2, HandlerRuns.Of("shared_mixed_fail", key));
    }

    [Fact]
    public async Task LastReaderLeaving_CancelsTheSharedRun()
    {
        var key = Keys.Fresh();
        var cancelled = StreamSignals.For("cancelled", key).Task;
        using (var reader = await OpenAsync(_http, $"/api/cards/shared_endless_stream?key={key}"))
        {
            Assert.NotNull(await reader.Reader.ReadLineAsync());
        }

        Assert.True(await Task.WhenAny(cancelled, Task.Delay(TimeSpan.FromSeconds(20))) == cancelled, "the shared run kept going with nobody reading");
    }

    internal static async Task<OpenStream> OpenAsync(HttpClient http, string url)
    {
        var response = await http.GetAsync(new Uri(url, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new OpenStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    private static async Task<List<JsonNode>> GetLinesAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Lines(await response.Content.ReadAsStringAsync());
    }

    private static async Task<List<JsonNode>> SendLinesAsync(HttpClient http, string url, string token)
    {
        using var response = await http.SendAsync(TestTokens.Get(url, token));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Lines(await response.Content.ReadAsStringAsync());
    }

    private static List<JsonNode> Lines(string body) =>
        [.. body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!)];

    internal sealed record OpenStream(HttpResponseMessage Response, StreamReader Reader) : IDisposable
    {
        public void Dispose()
        {
            Reader.Dispose();
            Response.Dispose();
        }
    }
}
