using System.Net;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Integration.Processes;

/// <summary>
/// The real processes: production mode refuses to start without authentication; the embedded default serves
/// protected cards only with a configured key (and says how to configure one), and keeps the dashboard for admins.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DeploymentModeTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("Cereon.Silo.dll", "Cereon__Production", "true")]
    [InlineData("Cereon.Gateway.dll", "Cereon__Cluster__Clustering", "redis")]
    public async Task ProductionMode_WithoutAuth_RefusesToStart_WithOneLine(string dll, string variable, string value)
    {
        await using var host = HostProcess.Start(dll, new Dictionary<string, string>
        {
            [variable] = value,
            ["Cereon__Cluster__RedisConnectionString"] = "127.0.0.1:1",
            ["Urls"] = "http://127.0.0.1:0",
        });

        await host.WaitForExitAsync(StartTimeout);

        Assert.Equal(2, host.ExitCode);
        var line = Assert.Single(host.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("Invalid configuration:", StringComparison.Ordinal));
        Assert.Contains("Cereon__Auth__JwtSigningKey", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedDefault_WithoutKey_Answers401_AndLogsHowToConfigure()
    {
        var (environment, address) = HostProcess.EmbeddedDefault();
        await using var host = HostProcess.Start("Cereon.Silo.dll", environment);
        await host.WaitUntilServingAsync(address, StartTimeout);
        using var client = new HttpClient { BaseAddress = address };

        using var anonymous = await client.GetAsync(new Uri("/api/cards/showcase_private", UriKind.Relative));
        using var withToken = await client.SendAsync(TestTokens.Get("/api/cards/showcase_private", TestTokens.For("alice")));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withToken.StatusCode);
        Assert.Contains("set Cereon__Auth__JwtSigningKey", host.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(TestTokens.Key, host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmbeddedDefault_WithKey_AcceptsItsTokens_AndKeepsTheDashboardForAdmins()
    {
        var (environment, address) = HostProcess.EmbeddedDefault();
        environment["Cereon__Auth__JwtSigningKey"] = TestTokens.Key;

        // The dashboard's page is at /dashboard/ (a client drops the token when following a redirect to it).
        await using var host = HostProcess.Start("Cereon.Silo.dll", environment);
        await host.WaitUntilServingAsync(address, StartTimeout);
        using var client = new HttpClient { BaseAddress = address };

        using var card = await client.SendAsync(TestTokens.Get("/api/cards/showcase_private", TestTokens.For("alice")));
        using var dashboardAnonymous = await client.GetAsync(new Uri("/dashboard", UriKind.Relative));
        using var dashboardUser = await client.SendAsync(TestTokens.Get("/dashboard", TestTokens.For("bob")));
        using var dashboardAdmin = await client.SendAsync(TestTokens.Get("/dashboard/", TestTokens.For("carol", roles: ["admin"])));

        Assert.Equal(HttpStatusCode.OK, card.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, dashboardAnonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, dashboardUser.StatusCode);
        Assert.Equal(HttpStatusCode.OK, dashboardAdmin.StatusCode);
        Assert.DoesNotContain(TestTokens.Key, host.Output, StringComparison.Ordinal);
    }
}
