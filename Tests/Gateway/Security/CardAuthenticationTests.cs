using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Security;

/// <summary>JWT bearer authentication and per-card authorization over HTTP, on a gateway configured with a key.</summary>
[Collection(SharedCluster.Name)]
public sealed class CardAuthenticationTests(ClusterFixture fixture) : IAsyncLifetime
{
    private GatewayServer _gateway = null!;

    private HttpClient Http => _gateway.Client;

    public async ValueTask InitializeAsync() => _gateway = await GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings());

    public async ValueTask DisposeAsync() => await _gateway.DisposeAsync();

    [Fact]
    public async Task NoToken_OnSignedInCard_Is401_AuthenticationRequired()
    {
        using var response = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_private", null));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Authentication required");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task ExpiredToken_Is401_TokenExpired()
    {
        var expired = TestTokens.For("alice", lifetime: TimeSpan.FromMinutes(-5));

        using var response = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_private", expired));

        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Token expired");
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "wrong signature", TestTokens.For("alice", key: "another-signing-key-of-at-least-32-bytes-9876") },
        { "wrong audience", TestTokens.For("alice", audience: "someone-else") },
        { "wrong issuer", TestTokens.For("alice", issuer: "https://evil.test") },
        { "unsigned (alg none)", TestTokens.WithoutSignature("alice") },
        { "not a token", "not.a.jwt" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task BadToken_Is401_InvalidToken(string why, string token)
    {
        using var response = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_admin", token));

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, why);
        await AssertErrorAsync(response, HttpStatusCode.Unauthorized, "Invalid token");
    }

    [Fact]
    public async Task ValidToken_ReachesTheHandler_AsTheCaller()
    {
        using var response = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_private", TestTokens.For("alice")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var record = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray().Single()!;
        Assert.Equal("Signed in as alice", (string?)record["label"]);
    }

    [Fact]
    public async Task MissingRole_Is403_AndTheRoleAdmits()
    {
        using var user = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_admin", TestTokens.For("bob")));
        using var admin = await Http.SendAsync(TestTokens.Get("/api/cards/showcase_admin", TestTokens.For("carol", roles: ["admin"])));

        await AssertErrorAsync(user, HttpStatusCode.Forbidden, "Not allowed to use this card");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Fact]
    public async Task RequiredClaim_IsEnforced()
    {
        using var other = await Http.SendAsync(TestTokens.Get("/api/cards/acme_only", TestTokens.For("bob", claims: new Dictionary<string, string> { ["tenant"] = "globex" })));
        using var acme = await Http.SendAsync(TestTokens.Get("/api/cards/acme_only", TestTokens.For("ann", claims: new Dictionary<string, string> { ["tenant"] = "acme" })));

        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Equal(HttpStatusCode.OK, acme.StatusCode);
    }

    [Fact]
    public async Task StreamingCard_NeedsAToken_AndStreamsToItsCaller()
    {
        using var anonymous = await Http.SendAsync(TestTokens.Get("/api/cards/whoami_stream", null));
        using var alice = await Http.SendAsync(TestTokens.Get("/api/cards/whoami_stream", TestTokens.For("alice")));

        await AssertErrorAsync(anonymous, HttpStatusCode.Unauthorized, "Authentication required");
        var lines = (await alice.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.All(lines, line => Assert.Equal("alice", (string?)JsonNode.Parse(line)!["data"]![0]!["who"]));
    }

    [Fact]
    public async Task PublicCard_IgnoresABadToken_AndItsHandlerSeesNobody()
    {
        using var bad = await Http.SendAsync(TestTokens.Get("/api/cards/mrr_overview", "not.a.jwt"));
        using var signedIn = await Http.SendAsync(TestTokens.Get("/api/cards/shared_public", TestTokens.For("alice")));

        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        var record = JsonNode.Parse(await signedIn.Content.ReadAsStringAsync())!.AsArray().Single()!;
        Assert.Equal("anonymous", (string?)record["label"]);
    }

    [Fact]
    public async Task Catalog_ListsOnlyWhatTheCallerMayUse()
    {
        var anonymous = await CardIdsAsync(null);
        var user = await CardIdsAsync(TestTokens.For("bob"));
        var admin = await CardIdsAsync(TestTokens.For("carol", roles: ["admin"]));

        Assert.Contains("mrr_overview", anonymous);
        Assert.DoesNotContain("showcase_private", anonymous);
        Assert.DoesNotContain("showcase_private_ticker", anonymous);
        Assert.DoesNotContain("showcase_admin", anonymous);
        Assert.Contains("showcase_private", user);
        Assert.Contains("showcase_private_ticker", user);
        Assert.DoesNotContain("showcase_admin", user);
        Assert.Contains("showcase_admin", admin);
    }

    [Fact]
    public async Task Publish_NeedsTheAdminRole()
    {
        var record = new JsonObject { ["value"] = 7 }.ToJsonString();
        HttpRequestMessage Publish(string? token)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/cards/live_active_users/publish", UriKind.Relative))
            {
                Content = new StringContent(record, System.Text.Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new("Bearer", token);
            }

            return request;
        }

        using var anonymous = await Http.SendAsync(Publish(null));
        using var user = await Http.SendAsync(Publish(TestTokens.For("bob")));
        using var admin = await Http.SendAsync(Publish(TestTokens.For("carol", roles: ["admin"])));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    private async Task<List<string>> CardIdsAsync(string? token)
    {
        using var response = await Http.SendAsync(TestTokens.Get("/api/reports", token));
        response.EnsureSuccessStatusCode();
        var reports = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["reports"]!.AsArray();
        return [.. reports.SelectMany(r => r!["cards"]!.AsArray()).Select(c => (string)c!["cardId"]!)];
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string message)
    {
        Assert.Equal(status, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(message, (string?)body["error"]);
        Assert.NotNull(body["traceId"]);
    }
}
