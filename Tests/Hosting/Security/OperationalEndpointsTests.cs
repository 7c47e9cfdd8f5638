using System.Net;
using Cereon.Bench.Processes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Hosting.Security;

/// <summary>
/// In production mode <c>/metrics</c>, <c>/health/detailed</c> and <c>/openapi</c> are for admins or the admin port; the probes
/// (<c>/health</c>, <c>/health/ready</c>) stay open, and so does everything in the embedded default.
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class OperationalEndpointsTests(ClusterFixture fixture)
{
    [Theory]
    [InlineData("/metrics")]
    [InlineData("/health/detailed")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/openapi/index.html")]
    public async Task InProduction_OperationalEndpoints_NeedTheAdminRole(string path)
    {
        await using var gateway = await StartAsync(new() { ["Cereon:Production"] = "true" });

        using var anonymous = await gateway.Client.SendAsync(TestTokens.Get(path, null));
        using var user = await gateway.Client.SendAsync(TestTokens.Get(path, TestTokens.For("bob")));
        using var admin = await gateway.Client.SendAsync(TestTokens.Get(path, TestTokens.For("carol", roles: ["admin"])));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    public async Task InProduction_Probes_StayOpen(string path)
    {
        await using var gateway = await StartAsync(new() { ["Cereon:Production"] = "true" });

        using var anonymous = await gateway.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/health/detailed")]
    [InlineData("/openapi/v1.json")]
    public async Task InProduction_WithAnAdminPort_OperationalEndpointsAreServedOnlyThere(string path)
    {
        var adminPort = FreePort.Next();
        await using var gateway = await StartAsync(new()
        {
            ["Cereon:Production"] = "true",
            ["Cereon:Auth:AdminPort"] = $"{adminPort}",
            ["Kestrel:Endpoints:Admin:Url"] = $"http://127.0.0.1:{adminPort}",
        });
        using var adminClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}") };

        using var publicPort = await gateway.Client.SendAsync(TestTokens.Get(path, TestTokens.For("carol", roles: ["admin"])));
        using var internalPort = await adminClient.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, publicPort.StatusCode);
        Assert.Equal(HttpStatusCode.OK, internalPort.StatusCode);
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/health/detailed")]
    public async Task EmbeddedDefault_OperationalEndpoints_StayOpen_EvenWithAKey(string path)
    {
        await using var gateway = await StartAsync([]);

        using var anonymous = await gateway.Client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
    }

    private Task<GatewayServer> StartAsync(Dictionary<string, string?> settings) =>
        GatewayServer.StartAsync(fixture.Cluster.Client, TestTokens.GatewaySettings(settings));
}
