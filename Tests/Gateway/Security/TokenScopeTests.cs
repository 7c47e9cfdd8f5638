using System.Globalization;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Security;

/// <summary>
/// Tokens in the query or the subprotocol are for the WebSocket upgrade of a websocket card only; everywhere else the
/// caller is who the Authorization header says. One clock skew governs HTTP and socket expiry alike.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class TokenScopeTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("/api/cards/whoami")]
    [InlineData("/api/cards/whoami_stream")]
    public async Task QueryToken_OnAnUpgradeOfANonSocketCard_IsIgnored(string path)
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings());

        var status = await UpgradeStatusAsync(gateway.BaseAddress, $"{path}?access_token={TestTokens.For("alice")}");

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task SubprotocolToken_OnAnUpgradeOfAnHttpCard_IsIgnored()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings());

        var status = await UpgradeStatusAsync(gateway.BaseAddress, "/api/cards/whoami", $"Sec-WebSocket-Protocol: access_token, {TestTokens.For("alice")}\r\n");

        Assert.Equal(401, status);
    }

    [Fact]
    public async Task QueryToken_OnAnUpgradeOfTheReports_DoesNotShowSignedInCards()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings());

        var (_, body) = await UpgradeAsync(gateway.BaseAddress, $"/api/reports?access_token={TestTokens.For("alice")}");

        Assert.Contains("\"shared_public\"", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"whoami\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokenExpiredWithinTheSkew_OpensASocket_ThatClosesWithTheSkew()
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings(new Dictionary<string, string?>
        {
            ["Cereon:Auth:ClockSkew"] = "00:00:04",
        }));
        var expired = TestTokens.For("alice", lifetime: TimeSpan.FromSeconds(-1));
        using var http = await gateway.Client.SendAsync(TestTokens.Get("/api/cards/whoami", expired));
        Assert.Equal(System.Net.HttpStatusCode.OK, http.StatusCode);

        await using var client = await LiveClient.ConnectAsync(gateway.BaseAddress, $"/api/cards/showcase_private_ticker?access_token={expired}");
        await client.SubscribeAsync("skew");
        var subscribed = await client.ReceiveUntilAsync(m => (string?)m["action"] is "subscribed" or "subscription_error");
        while (await client.ReceiveAsync(TimeSpan.FromSeconds(20)) is not null)
        {
        }

        Assert.Equal("subscribed", (string?)subscribed["action"]);
        Assert.Equal((WebSocketCloseStatus)4001, client.CloseStatus);
    }

    private static async Task<int> UpgradeStatusAsync(Uri server, string target, string extraHeaders = "") =>
        (await UpgradeAsync(server, target, extraHeaders)).Status;

    /// <summary>A GET with WebSocket upgrade headers, sent as raw bytes: the status, and the body when the server did not upgrade.</summary>
    private static async Task<(int Status, string Body)> UpgradeAsync(Uri server, string target, string extraHeaders = "")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancel.Token);
            received.Write(buffer, 0, read);
            var text = Encoding.UTF8.GetString(received.ToArray());
            var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (split < 0)
            {
                Assert.True(read > 0, "closed before the response head");
                continue;
            }

            var status = int.Parse(text.Split(' ')[1], CultureInfo.InvariantCulture);
            var length = HeaderValue(text[..split], "Content-Length");
            var chunkedEnd = text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
            if (status == 101 || read == 0 || chunkedEnd || (length is { } l && received.Length >= split + 4 + l))
            {
                return (status, text[(split + 4)..]);
            }
        }
    }

    private static int? HeaderValue(string head, string name) =>
        head.Split("\r\n").Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(l => (int?)int.Parse(l[(name.Length + 1)..].Trim(), CultureInfo.InvariantCulture)).FirstOrDefault();
}
