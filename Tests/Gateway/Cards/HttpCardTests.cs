using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Cards;

/// <summary>The http transport end to end: real Kestrel socket, real gateway, two-silo test cluster.</summary>
[Collection(SharedCluster.Name)]
public sealed class HttpCardTests(ClusterFixture fixture)
{
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Serves_DemoNumberCard_AsFlattenedRecords()
    {
        using var response = await _http.GetAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var record = Assert.Single(JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray())!.AsObject();
        Assert.Equal("number", (string?)record["kind"]);
        Assert.Equal("mrr_overview", (string?)record["cardId"]);
        Assert.Equal("saas_metrics", (string?)record["reportId"]);
        Assert.Equal(JsonValueKind.Number, record["value"]!.GetValueKind());
        var meta = JsonNode.Parse((string)record["meta"]!)!;
        Assert.Equal("USD", (string?)meta["unit"]);
        Assert.EndsWith("Z", (string?)meta["finishedAt"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_Card_Is404_WithJsonBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cards/no_such_card");
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("no_such_card", (string?)body["cardId"]);
        Assert.False(string.IsNullOrEmpty((string?)body["error"]));
    }

    [Fact]
    public async Task Disallowed_Method_Is405_WithAllowHeader()
    {
        using var response = await _http.PostAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative), JsonBody("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
        Assert.Equal("mrr_overview", (string?)(await ReadJsonAsync(response))["cardId"]);
    }

    [Fact]
    public async Task Malformed_Params_Is400_NamingTheInput()
    {
        using var response = await _http.GetAsync(new Uri("/api/cards/mrr_overview?params=%7Bbroken", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Invalid JSON in query param 'params'", (string?)(await ReadJsonAsync(response))["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_Body_Is400()
    {
        using var response = await _http.PostAsync(new Uri("/custom/v2/echo", UriKind.Relative), JsonBody("{\"a\":"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Invalid JSON in request body", (string?)(await ReadJsonAsync(response))["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_Params_Are413()
    {
        var huge = Uri.EscapeDataString(JsonSerializer.Serialize(new { pad = new string('x', 70 * 1024) }));
        using var query = await _http.GetAsync(new Uri("/custom/v2/echo?params=" + huge, UriKind.Relative));
        using var body = await _http.PostAsync(new Uri("/custom/v2/echo", UriKind.Relative), JsonBody(JsonSerializer.Serialize(new { pad = new string('x', 70 * 1024) })));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, query.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, body.StatusCode);
        Assert.NotNull((await ReadJsonAsync(body))["error"]);
    }

    [Fact]
    public async Task HundredConcurrentIdenticalRequests_RunHandlerOnce()
    {
        var key = Keys.Fresh();
        var url = new Uri($"/api/cards/slow_number?key={key}", UriKind.Relative);

        var responses = await Task.WhenAll(Enumerable.Range(0, 100).Select(async _ =>
        {
            using var response = await _http.GetAsync(url);
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Single(responses.Select(r => r.Body).Distinct());
        Assert.Equal(1, HandlerRuns.Of("slow_number", key));
    }

    [Fact]
    public async Task Cache_IsKeyedByParameters_InAnyKeyOrder()
    {
        var first = Keys.Fresh();
        var second = Keys.Fresh();

        await GetOkAsync($"/api/cards/slow_number?params={Escape(new JsonObject { ["key"] = first, ["delayMs"] = 1 })}");
        await GetOkAsync($"/api/cards/slow_number?params={Escape(new JsonObject { ["delayMs"] = 1, ["key"] = first })}");
        await GetOkAsync($"/api/cards/slow_number?params={Escape(new JsonObject { ["key"] = second, ["delayMs"] = 1 })}");

        Assert.Equal(1, HandlerRuns.Of("slow_number", first));
        Assert.Equal(1, HandlerRuns.Of("slow_number", second));
    }

    // Real time on purpose, so slow: the rule is pinned on a clock TtlCacheTests moves; this is it end to end,
    // through the grain and its expiry timer, which run on Orleans' own clock.
    [Fact]
    [Trait("Category", "Slow")]
    public async Task CachedResult_Expires_AfterTtl()
    {
        var url = $"/api/cards/short_ttl?key={Keys.Fresh()}";

        var first = await GetOkAsync(url);
        var cached = await GetOkAsync(url);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var recomputed = await GetOkAsync(url);

        Assert.Equal(first.ToJsonString(), cached.ToJsonString());
        Assert.Equal(1, (int)first[0]!["value"]!);
        Assert.Equal(2, (int)recomputed[0]!["value"]!);
    }

    [Fact]
    public async Task FailingHandler_Is500_WithoutDetails_AndDoesNotPoisonTheCache()
    {
        var url = new Uri($"/api/cards/flaky?key={Keys.Fresh()}&failures=1", UriKind.Relative);

        using var failed = await _http.GetAsync(url);
        var failedBody = await failed.Content.ReadAsStringAsync();
        using var retried = await _http.GetAsync(url);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        var error = JsonNode.Parse(failedBody)!;
        Assert.False(string.IsNullOrEmpty((string?)error["traceId"]));
        Assert.DoesNotContain("hunter2", failedBody, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", failedBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, (int)JsonNode.Parse(await retried.Content.ReadAsStringAsync())![0]!["value"]!);
    }

    [Fact]
    public async Task FailingHandler_ServesTheLastGoodResult_FlaggedStale()
    {
        var url = $"/api/cards/fails_after_first?key={Keys.Fresh()}";

        var fresh = await GetOkAsync(url);
        var stale = await GetOkAsync(url);

        Assert.Equal(2, HandlerRuns.Of("fails_after_first", url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..]));
        Assert.Equal(1, (int)stale[0]!["value"]!);
        var freshMeta = JsonNode.Parse((string)fresh[0]!["meta"]!)!;
        var staleMeta = JsonNode.Parse((string)stale[0]!["meta"]!)!;
        Assert.Null(freshMeta["stale"]);
        Assert.True((bool)staleMeta["stale"]!);
        Assert.Equal("u", (string?)staleMeta["unit"]);
        Assert.Equal((string?)freshMeta["startedAt"], (string?)staleMeta["staleSince"]);
    }

    [Fact]
    public async Task InvalidRecord_Is500_NamingTheViolation()
    {
        using var response = await _http.GetAsync(new Uri("/api/cards/invalid_record", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("array of objects", (string?)(await ReadJsonAsync(response))["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Card_IsServed_UnderItsOwnPrefix_Only()
    {
        await GetOkAsync("/custom/v2/echo");
        await GetOkAsync("/custom/v2/echo/");
        using var wrongPrefix = await _http.GetAsync(new Uri("/api/cards/echo", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, wrongPrefix.StatusCode);
    }

    private async Task<JsonArray> GetOkAsync(string url)
    {
        using var response = await _http.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsArray();
    }

    private static string Escape(JsonNode node) => Uri.EscapeDataString(node.ToJsonString());

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
}
