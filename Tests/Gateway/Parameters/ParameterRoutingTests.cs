using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Parameters;

/// <summary>
/// protocol.md §2 through the real gateway: what the handler receives for each way a front end sends parameters.
/// The echo card answers with the parameters, filters and method it was given.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ParameterRoutingTests(ClusterFixture fixture)
{
    private const string Echo = "/custom/v2/echo";
    private readonly HttpClient _http = fixture.Http;

    [Fact]
    public async Task Get_ParamsJson_IsDecoded()
    {
        var echoed = await GetAsync($"{Echo}?params={Uri.EscapeDataString("{\"a\":1,\"b\":[true,null]}")}");

        Assert.Equal("{\"a\":1,\"b\":[true,null]}", echoed["params"]!.ToJsonString());
    }

    [Fact]
    public async Task Get_ParamsEncodedTwice_IsDecoded()
    {
        var twicePercent = Uri.EscapeDataString(Uri.EscapeDataString("{\"a\":1}"));
        var jsonString = Uri.EscapeDataString("\"{\\\"a\\\":1}\"");

        Assert.Equal(1, (int)(await GetAsync($"{Echo}?params={twicePercent}"))["params"]!["a"]!);
        Assert.Equal(1, (int)(await GetAsync($"{Echo}?params={jsonString}"))["params"]!["a"]!);
    }

    [Fact]
    public async Task Get_ParamsWrapper_IsUnwrappedOnce()
    {
        var echoed = await GetAsync($"{Echo}?params={Uri.EscapeDataString("{\"params\":{\"params\":{\"x\":1}}}")}");

        Assert.Equal("{\"params\":{\"x\":1}}", echoed["params"]!.ToJsonString());
    }

    [Fact]
    public async Task Get_NonObjectParams_AreWrapped()
    {
        var echoed = await GetAsync($"{Echo}?params=42");

        Assert.Equal("{\"params\":42}", echoed["params"]!.ToJsonString());
    }

    [Fact]
    public async Task Get_WithoutParams_QueryKeysAreTheParameters()
    {
        var echoed = await GetAsync($"{Echo}?days=30&tag=a&tag=b");

        Assert.Equal("{\"days\":\"30\",\"tag\":[\"a\",\"b\"]}", echoed["params"]!.ToJsonString());
    }

    [Fact]
    public async Task Get_QueryKeys_AreMerged_ParamsWin()
    {
        var echoed = await GetAsync($"{Echo}?days=30&x=query&params={Uri.EscapeDataString("{\"x\":\"params\"}")}");

        Assert.Equal("{\"days\":\"30\",\"x\":\"params\"}", echoed["params"]!.ToJsonString());
    }

    [Fact]
    public async Task Get_SecondQuestionMark_IsRepaired()
    {
        var echoed = await GetAsync($"{Echo}?days=30?params=%7B%22y%22%3A2%7D");

        Assert.Equal("{\"days\":\"30\",\"y\":2}", echoed["params"]!.ToJsonString());
    }

    [Fact]
    public async Task Filters_WithNullOrEmpty_MeanNoFilter()
    {
        var parameters = "{\"filters\":{\"cohort_month\":null,\"plan\":\"\",\"region\":\"eu\"}}";
        var echoed = await GetAsync($"{Echo}?params={Uri.EscapeDataString(parameters)}");

        Assert.Equal("{\"region\":\"eu\"}", echoed["filters"]!.ToJsonString());
    }

    [Theory]
    [InlineData("{\"params\":\"{\\\"a\\\":1}\"}")]
    [InlineData("{\"params\":{\"a\":1}}")]
    [InlineData("{\"a\":1}")]
    public async Task Post_JsonBody_GivesTheParameters(string body)
    {
        var echoed = await SendAsync(HttpMethod.Post, Echo, new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal("{\"a\":1}", echoed["params"]!.ToJsonString());
        Assert.Equal("POST", (string?)echoed["method"]);
    }

    [Fact]
    public async Task Post_FormBody_IsAFlatObject()
    {
        using var form = new FormUrlEncodedContent([new("a", "1"), new("b", "x"), new("b", "y")]);
        var echoed = await SendAsync(HttpMethod.Post, Echo, form);

        Assert.Equal("{\"a\":\"1\",\"b\":[\"x\",\"y\"]}", echoed["params"]!.ToJsonString());
    }

    [Theory]
    [InlineData("PUT")]
    [InlineData("PATCH")]
    [InlineData("DELETE")]
    public async Task OtherBodyMethods_EmptyBody_FallsBackToQuery(string method)
    {
        var echoed = await SendAsync(new HttpMethod(method), $"{Echo}?days=7", new ByteArrayContent([]));

        Assert.Equal("{\"days\":\"7\"}", echoed["params"]!.ToJsonString());
        Assert.Equal(method, (string?)echoed["method"]);
    }

    private async Task<JsonObject> GetAsync(string url) => await SendAsync(HttpMethod.Get, url, null);

    private async Task<JsonObject> SendAsync(HttpMethod method, string url, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {url}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)![0]!["rows"]![0]!.AsObject();
    }
}
