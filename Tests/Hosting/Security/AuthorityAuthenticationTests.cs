using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Cereon.Tests.Hosting.Security;

/// <summary>
/// JWT bearer authentication with <c>Cereon:Auth:Authority</c>: the gateway finds the signing keys through a real
/// OpenID Connect issuer's discovery document and JWKS (over loopback HTTP), and accepts only RS256 tokens it signed.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class AuthorityAuthenticationTests(ClusterFixture fixture) : IAsyncLifetime
{
    private OpenIdIssuer _issuer = null!;
    private GatewayServer _gateway = null!;

    private HttpClient Http => _gateway.Client;

    public async ValueTask InitializeAsync()
    {
        _issuer = await OpenIdIssuer.StartAsync();
        _gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, new Dictionary<string, string?>(ClusterFixture.GatewaySettings)
        {
            ["Cereon:Auth:Authority"] = _issuer.Issuer,
            ["Cereon:Auth:Audience"] = TestTokens.Audience,

            // The test issuer serves its metadata over plain loopback HTTP.
            ["Cereon:Auth:RequireHttpsMetadata"] = "false",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _issuer.DisposeAsync();
    }

    [Fact]
    public async Task IssuerSignedToken_ReachesTheHandler_AsTheCaller()
    {
        using var response = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_private", IssuerToken("alice")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Single()!;
        Assert.Equal("Signed in as alice", (string?)record["label"]);
    }

    [Fact]
    public async Task IssuerSignedRole_OpensTheAdminCard_AndItsAbsenceIs403()
    {
        using var user = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_admin", IssuerToken("bob")));
        using var admin = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_admin", IssuerToken("carol", roles: ["admin"])));

        await AssertErrorAsync(user, HttpStatusCode.Forbidden, "Not allowed to use this card");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task TokenSignedWithAnotherRsaKey_UnderTheIssuersKeyId_Is401_InvalidToken()
    {
        using var forger = RSA.Create(2048);
        var forged = new SigningCredentials(new RsaSecurityKey(forger) { KeyId = OpenIdIssuer.KeyId }, SecurityAlgorithms.RsaSha256);

        using var response = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_private", TestTokens.SignedWith(forged, "alice", _issuer.Issuer, TestTokens.Audience)));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task SharedKeyToken_Is401_InvalidToken()
    {
        var hs256 = TestTokens.For("alice", issuer: _issuer.Issuer);

        using var response = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_private", hs256));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task ExpiredIssuerToken_Is401_TokenExpired()
    {
        using var response = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_private", IssuerToken("alice", lifetime: TimeSpan.FromMinutes(-5))));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Token expired");
    }

    [Theory]
    [InlineData("https://evil.test", TestTokens.Audience)]
    [InlineData(null, "someone-else")]
    public async Task IssuersKey_WithWrongIssuerOrAudience_Is401_InvalidToken(string? issuer, string audience)
    {
        var token = TestTokens.SignedWith(_issuer.Credentials, "alice", issuer ?? _issuer.Issuer, audience);

        using var response = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_private", token));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task IssuerTokenInQuery_UpgradesTheSocket_AndDataFlows()
    {
        var refused = await LiveClient.RefusedUpgradeAsync(_gateway.BaseAddress, "/api/cards/showcase_private_ticker");
        await using var client = await LiveClient.ConnectAsync(_gateway.BaseAddress, $"/api/cards/showcase_private_ticker?access_token={IssuerToken("alice")}");
        await client.SubscribeAsync("s1");

        var data = await client.ReceiveDataAsync(1);

        Assert.Equal(HttpStatusCode.Unauthorized, refused);
        Assert.Equal("showcase_private_ticker", (string?)data[0]["cardId"]);
    }

    private string IssuerToken(string subject, string[]? roles = null, TimeSpan? lifetime = null) =>
        TestTokens.SignedWith(_issuer.Credentials, subject, _issuer.Issuer, TestTokens.Audience, roles, lifetime: lifetime);

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(message, (string?)body["error"]);
        Assert.NotNull(body["traceId"]);
    }
}
