using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Cereon.Bench.Processes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Security;

/// <summary>Security headers, CORS and WebSocket origins, allowed hosts, HTTPS from Kestrel configuration, size limits.</summary>
[Collection(SharedCluster.Name)]
public sealed class HardeningTests(ClusterFixture fixture)
{
    private const string Allowed = "https://dashboard.example";

    [Theory]
    [InlineData("/api/cards/mrr_overview", HttpStatusCode.OK)]
    [InlineData("/api/cards/no_such_card", HttpStatusCode.NotFound)]
    [InlineData("/api/cards/showcase_private", HttpStatusCode.Unauthorized)]
    public async Task EveryAnswer_CarriesTheSecurityHeaders(string path, HttpStatusCode status)
    {
        await using var gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings());

        using var response = await gateway.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task CorsPreflight_FromADisallowedOrigin_GetsNoAllowHeaders()
    {
        await using var gateway = await StartAsync(new() { ["Cereon:Gateway:CorsOrigins:0"] = Allowed });

        using var allowed = await gateway.Client.SendAsync(Preflight(Allowed));
        using var disallowed = await gateway.Client.SendAsync(Preflight("https://evil.example"));

        Assert.Equal(Allowed, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(disallowed.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task WebSocket_FromADisallowedOrigin_IsRefused()
    {
        await using var gateway = await StartAsync(new() { ["Cereon:Gateway:CorsOrigins:0"] = Allowed });

        var refused = await LiveClient.RefusedUpgradeAsync(gateway.BaseAddress, "/api/cards/showcase_ticker", o => o.SetRequestHeader("Origin", "https://evil.example"));
        await using var admitted = await LiveClient.ConnectAsync(gateway.BaseAddress, "/api/cards/showcase_ticker", o => o.SetRequestHeader("Origin", Allowed));

        Assert.Equal(HttpStatusCode.Forbidden, refused);
    }

    [Fact]
    public async Task UnknownHost_IsRefused()
    {
        await using var gateway = await StartAsync(new() { ["AllowedHosts"] = "cards.example" });

        using var other = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/cards/mrr_overview", UriKind.Relative));
        other.Headers.Host = "attacker.example";
        using var refused = await gateway.Client.SendAsync(other);
        using var known = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/cards/mrr_overview", UriKind.Relative));
        known.Headers.Host = "cards.example";
        using var served = await gateway.Client.SendAsync(known);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Https_FromKestrelCertificateSettings_SendsHsts()
    {
        var certificate = Directory.CreateTempSubdirectory("cereon-cert-").FullName + "/gateway.pfx";
        string thumbprint;
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            thumbprint = self.GetCertHashString();
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pfx, "pw"));
        }

        await using var gateway = await StartAsync(new()
        {
            ["Kestrel:Endpoints:Https:Url"] = "https://127.0.0.1:0",
            ["Kestrel:Endpoints:Https:Certificate:Path"] = certificate,
            ["Kestrel:Endpoints:Https:Certificate:Password"] = "pw",
        });
        var https = gateway.Addresses.Single(a => a.Scheme == Uri.UriSchemeHttps);
        using var handler = new SocketsHttpHandler { SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == thumbprint } };
        using var client = new HttpClient(handler) { BaseAddress = https };

        using var response = await client.GetAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=63072000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task OversizedBody_Is413_InJson()
    {
        await using var gateway = await StartAsync(new() { ["Cereon:Gateway:MaxRequestBodyBytes"] = "100000" });
        using var content = new StringContent("{\"pad\":\"" + new string('x', 200_000) + "\"}", Encoding.UTF8, "application/json");

        using var response = await gateway.Client.PostAsync(new Uri("/api/cards/showcase_post", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]);
    }

    [Fact]
    public async Task OversizedHeaders_AreRefused()
    {
        await using var gateway = await StartAsync([]);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/cards/mrr_overview", UriKind.Relative));
        request.Headers.Add("X-Padding", new string('x', 64 * 1024));

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AdminPort_ServesPublish_AndThePublicPortDeniesIt()
    {
        var adminPort = FreePort.Next();
        await using var gateway = await StartAsync(new()
        {
            ["Cereon:Auth:AdminPort"] = $"{adminPort}",
            ["Kestrel:Endpoints:Admin:Url"] = $"http://127.0.0.1:{adminPort}",
        });
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}") };
        var record = new JsonObject { ["value"] = 3 }.ToJsonString();

        using var publicPort = await gateway.Client.PostAsync(new Uri("/api/cards/live_active_users/publish", UriKind.Relative), new StringContent(record, Encoding.UTF8, "application/json"));
        using var spoofedHost = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/cards/live_active_users/publish", UriKind.Relative))
        {
            Content = new StringContent(record, Encoding.UTF8, "application/json"),
        };
        spoofedHost.Headers.Host = $"127.0.0.1:{adminPort}";
        using var spoofed = await gateway.Client.SendAsync(spoofedHost);
        using var internalPort = await admin.PostAsync(new Uri("/api/cards/live_active_users/publish", UriKind.Relative), new StringContent(record, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, publicPort.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, spoofed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, internalPort.StatusCode);
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/cards/mrr_overview", UriKind.Relative));
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        return request;
    }

    private Task<GatewayServer> StartAsync(Dictionary<string, string?> settings) =>
        GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings(settings));
}
