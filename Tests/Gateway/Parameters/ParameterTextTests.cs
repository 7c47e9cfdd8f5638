using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Parameters;

/// <summary>
/// HTTP parameters that are not valid Unicode are refused where they enter (docs/security.md), in a name or a value,
/// however they are sent: a lone UTF-16 surrogate escaped in JSON (<c>\ud800</c>), or percent-encoded bytes that are
/// not UTF-8 (<c>%ED%A0%80</c> is a surrogate's UTF-8-like form, <c>%FF</c> no UTF-8 at all). Each gets a JSON 400
/// naming the rule, so no two different inputs can ever share a card grain, or one input split into two. Valid text
/// beyond the BMP (an emoji, a surrogate pair in UTF-16) is served, and keys one grain however it is written.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ParameterTextTests(ClusterFixture fixture)
{
    private const string Echo = "/custom/v2/echo";

    [Theory]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":"x\udfff"}""")]
    [InlineData("""{"\ud800":1}""")]
    [InlineData("""{"params":{"a":["\udbff"]}}""")]
    [InlineData("""{"params":"{\"a\":\"\\ud800\"}"}""")]
    [InlineData("\"\\ud800\"")]
    public async Task LoneSurrogate_InParamsJson_Is400_NamingTheRule(string json)
    {
        await AssertRefusedAsync(HttpMethod.Get, $"{Echo}?params={Uri.EscapeDataString(json)}", null, "Invalid JSON in query param 'params': ");
        await AssertRefusedAsync(HttpMethod.Post, Echo, new StringContent(json, Encoding.UTF8, "application/json"), "Invalid JSON in request body: ");
    }

    [Theory]
    [InlineData("a=%ED%A0%80")]
    [InlineData("a=x%ED%B0%80y")]
    [InlineData("%ED%A0%80=1")]
    [InlineData("a=%FF")]
    [InlineData("a=%C3")]
    [InlineData("days=30?params=%7B%22a%22%3A%22%ED%A0%80%22%7D")]
    [InlineData("params=%7B%22a%22%3A%22%ED%A0%80%22%7D")]
    public async Task PercentEncodedBytes_ThatAreNotUtf8_Are400_InTheQuery(string query)
    {
        await AssertRefusedAsync(HttpMethod.Get, $"{Echo}?{query}", null, null);
        await AssertRefusedAsync(HttpMethod.Post, $"{Echo}?{query}", new StringContent("{}", Encoding.UTF8, "application/json"), null);
    }

    /// <summary>Percent-encoding applied twice (which <c>params</c> accepts) is decoded to bytes a second time, and checked again.</summary>
    [Fact]
    public async Task TwiceEncodedParams_WithBytesThatAreNotUtf8_Are400() =>
        await AssertRefusedAsync(
            HttpMethod.Get, $"{Echo}?params=%257B%2522a%2522%253A%2522%25ED%25A0%2580%2522%257D", null, "Invalid JSON in query param 'params': ");

    [Theory]
    [InlineData("a=%ED%A0%80")]
    [InlineData("%FF=1")]
    public async Task PercentEncodedBytes_ThatAreNotUtf8_Are400_InAFormBody(string form) =>
        await AssertRefusedAsync(
            HttpMethod.Post, Echo, new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded"), "Invalid form data in request body: ");

    [Fact]
    public async Task PercentEncodedBytes_ThatAreNotUtf8_Are400_OnAWebSocketUpgrade()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cards/chat_live?topic=a&room=%ED%A0%80");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.ParseAdd("websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Guid.NewGuid().ToByteArray()));

        using var response = await fixture.Http.SendAsync(request);

        await AssertJsonErrorAsync(response, null);
    }

    [Fact]
    public async Task ReplacementCharacter_IsValidText_AndStaysItself()
    {
        var echoed = await EchoAsync($"{Echo}?a=%EF%BF%BD&params={Uri.EscapeDataString("{\"b\":\"\\ufffd\"}")}");

        Assert.Equal("\uFFFD", (string?)echoed["a"]);
        Assert.Equal("\uFFFD", (string?)echoed["b"]);
    }

    [Fact]
    public async Task NonBmpText_IsServed_AndKeysOneGrain_HoweverItIsWritten()
    {
        var key = Keys.Fresh();
        const string Emoji = "\U0001F600";
        string[] urls =
        [
            $"/api/cards/slow_number?key={key}&delayMs=0&e={Uri.EscapeDataString(Emoji)}",
            $"/api/cards/slow_number?params={Uri.EscapeDataString($$"""{"key":"{{key}}","delayMs":"0","e":"{{Emoji}}"}""")}",
            $"/api/cards/slow_number?params={Uri.EscapeDataString($$"""{"e":"\ud83d\ude00","delayMs":"0","key":"{{key}}"}""")}",
            $"/api/cards/slow_number?key={key}&params={Uri.EscapeDataString("""{"e":"\uD83D\uDE00","delayMs":"0"}""")}",
        ];

        foreach (var url in urls)
        {
            using var response = await fixture.Http.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(1, HandlerRuns.Of("slow_number", key));
        Assert.Equal(Emoji, (string?)(await EchoAsync($"{Echo}?e={Uri.EscapeDataString(Emoji)}"))["e"]);
    }

    [Fact]
    public async Task PercentEncodedBytes_ThatAreNotUtf8_InThePath_NameNoCard()
    {
        using var response = await fixture.Http.GetAsync(new Uri($"{Echo}%ED%A0%80", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Card not found", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
    }

    private async Task AssertRefusedAsync(HttpMethod method, string url, HttpContent? content, string? prefix)
    {
        using var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        using var response = await fixture.Http.SendAsync(request);
        await AssertJsonErrorAsync(response, prefix);
    }

    private static async Task AssertJsonErrorAsync(HttpResponseMessage response, string? prefix)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode} {body}");
        var error = (string?)JsonNode.Parse(body)!["error"];
        Assert.StartsWith(prefix ?? "Invalid ", error, StringComparison.Ordinal);
        Assert.Contains("Unicode", error, StringComparison.Ordinal);
    }

    private async Task<JsonObject> EchoAsync(string url)
    {
        using var response = await fixture.Http.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)![0]!["rows"]![0]!["params"]!.AsObject();
    }
}
