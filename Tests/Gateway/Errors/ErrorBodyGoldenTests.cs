using System.Net;
using System.Text;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Errors;

/// <summary>
/// protocol.md §1 and §4: the JSON error bodies of every status the gateway answers with one, taken from a real
/// gateway and pinned by golden files (the trace id normalised by <see cref="GoldenJson"/>).
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class ErrorBodyGoldenTests(ClusterFixture fixture)
{
    private const string Folder = "Gateway/Errors";

    // The gateway never answers 415: a body of a content type it does not decode is read as JSON, so text that is
    // not JSON is a bad request (400) like any other unreadable parameters.
    public static TheoryData<string, int, string, string, string, string?> Requests() => new()
    {
        { "400", 400, "GET", "/api/cards/mrr_overview?params=%7Bnot-json", "", null },
        { "400-body", 400, "POST", "/api/cards/showcase_post", "text/plain:days=7", null },
        { "401", 401, "GET", "/api/cards/showcase_private", "", null },
        { "403", 403, "GET", "/api/cards/showcase_admin", "", "user" },
        { "404", 404, "GET", "/api/cards/no_such_card", "", null },
        { "405", 405, "DELETE", "/api/cards/mrr_overview", "", null },
        { "413", 413, "POST", "/api/cards/showcase_post", "{\"pad\":\"" + new string('x', 200_000) + "\"}", null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task ErrorBody_IsPinned(string golden, int status, string method, string path, string body, string? role)
    {
        await using var gateway = await GatewayServer.StartAsync(
            fixture.Cluster.Client, TestTokens.GatewaySettings(new Dictionary<string, string?> { ["Cereon:Gateway:MaxRequestBodyBytes"] = "100000" }));
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body.Length > 0)
        {
            request.Content = body.StartsWith("text/plain:", StringComparison.Ordinal)
                ? new StringContent(body["text/plain:".Length..], Encoding.UTF8, "text/plain")
                : new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (role is not null)
        {
            request.Headers.Authorization = new("Bearer", TestTokens.For("alice", roles: [role]));
        }

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        GoldenJson.AssertMatches(Folder, golden, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TooManyRequests_BodyIsPinned()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, new Dictionary<string, string?>(ClusterFixture.GatewaySettings)
        {
            ["Cereon:RateLimits:Enabled"] = "true",
            ["Cereon:RateLimits:ApiBurst"] = "1",
            ["Cereon:RateLimits:ApiPermitsPerSecond"] = "1",
        });

        // A burst of one: the second request of the same second is refused.
        using var first = await gateway.Client.GetAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative));
        using var second = await gateway.Client.GetAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative));

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        GoldenJson.AssertMatches(Folder, "429", await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ServiceUnavailable_BodyIsPinned()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, new Dictionary<string, string?>(ClusterFixture.GatewaySettings)
        {
            ["Cereon:WebSocket:MaxConnections"] = "1",
            ["Cereon:RateLimits:Enabled"] = "false",
        });
        await using var first = await LiveClient.ConnectAsync(gateway.BaseAddress, "/api/cards/showcase_ticker");
        await first.SubscribeAsync("s1");
        await first.ReceiveDataAsync(1);

        using var upgrade = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/cards/showcase_ticker", UriKind.Relative));
        upgrade.Headers.Connection.Add("Upgrade");
        upgrade.Headers.Upgrade.Add(new("websocket"));
        upgrade.Headers.Add("Sec-WebSocket-Version", "13");
        upgrade.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
        using var response = await gateway.Client.SendAsync(upgrade);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        GoldenJson.AssertMatches(Folder, "503", await response.Content.ReadAsStringAsync());
    }
}
