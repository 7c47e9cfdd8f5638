using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway;

/// <summary>Small parts of the contract: silent acks, CORS caching, no server banner, a content policy on the status page.</summary>
[Collection(SharedCluster.Name)]
public sealed class ProtocolDetailsTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("""{"action":"ack","messageId":"never-sent-7"}""")]
    [InlineData("""{"action":"ack","messageId":"no seq"}""")]
    [InlineData("""{"action":"ack"}""")]
    public async Task Ack_ForAnIdNeverSent_GetsNoAnswer(string ack)
    {
        await using var client = await LiveClient.ConnectAsync(fixture.Gateway.BaseAddress, "/api/cards/chat_live?topic=a");

        await client.SendTextAsync(ack);
        await client.SendTextAsync("""{"action":"ping"}""");
        var next = await client.ReceiveUntilAsync(m => (string?)m["action"] != "ping");

        Assert.Equal("pong", (string?)next["action"]);
    }

    [Fact]
    public async Task CorsAnswer_ForAnAllowedOrigin_VariesByOrigin()
    {
        const string Allowed = "https://dashboard.example";
        await using var gateway = await GatewayServer.StartAsync(
            fixture.Cluster.Client, TestTokens.GatewaySettings(new Dictionary<string, string?> { ["Cereon:Gateway:CorsOrigins:0"] = Allowed }));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/cards/mrr_overview", UriKind.Relative));
        request.Headers.Add("Origin", Allowed);

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(Allowed, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Theory]
    [InlineData("/api/cards/mrr_overview")]
    [InlineData("/api/cards/no_such_card")]
    public async Task Responses_CarryNoServerHeader(string path)
    {
        using var response = await fixture.Http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Empty(response.Headers.Server);
    }

    [Fact]
    public async Task StatusPage_HasAContentSecurityPolicy()
    {
        using var response = await fixture.Http.GetAsync(new Uri("/", UriKind.Relative));

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("'unsafe-inline'", policy, StringComparison.Ordinal);
    }
}
