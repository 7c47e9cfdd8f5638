using System.Net;
using System.Text.Json.Nodes;
using Cereon.Bench.Processes;
using Cereon.Silo.Hosting;
using Cereon.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Cereon.Tests.Silo.Hosting;

/// <summary>
/// A silo that hosts no gateway (<c>Cereon:Silo:HostGateway=false</c>, the production shape) still guards its HTTP
/// port with the host's security: the Orleans Dashboard only for admins, the security headers and no Server header
/// on every answer, and errors as JSON. A real silo on real sockets (127.0.0.1, free ports).
/// </summary>
public sealed class SiloWithoutGatewayTests
{
    [Fact]
    public async Task InProduction_TheDashboardIsForAdmins_AndEveryAnswerIsHardened()
    {
        await using var silo = await StartAsync();

        using var anonymous = await silo.Client.SendAsync(TestTokens.Get("/dashboard/", null));
        using var user = await silo.Client.SendAsync(TestTokens.Get("/dashboard/", TestTokens.For("bob")));
        using var admin = await silo.Client.SendAsync(TestTokens.Get("/dashboard/", TestTokens.For("carol", roles: ["admin"])));
        using var unknown = await silo.Client.SendAsync(TestTokens.Get("/no-such-page", null));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Authentication required", await ErrorOf(anonymous));
        Assert.Equal(HttpStatusCode.Forbidden, user.StatusCode);
        Assert.Equal("Needs the 'admin' role", await ErrorOf(user));
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("Not Found", await ErrorOf(unknown));
        Assert.All([anonymous, user, admin, unknown], response =>
        {
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Empty(response.Headers.Server);
        });
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();

    private static async Task<RunningSilo> StartAsync()
    {
        var app = SiloHosts.Build(new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Cereon:Production"] = "true",
            ["Cereon:Silo:HostGateway"] = "false",
            ["Cereon:Cluster:SiloPort"] = $"{FreePort.Next()}",
            ["Cereon:Cluster:GatewayPort"] = $"{FreePort.Next()}",
            ["Cereon:Auth:JwtSigningKey"] = TestTokens.Key,
            ["Cereon:Auth:Issuer"] = TestTokens.Issuer,
            ["Cereon:Auth:Audience"] = TestTokens.Audience,
        });
        app.MapCereonSilo();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new RunningSilo(app, new HttpClient { BaseAddress = new Uri(address) });
    }

    private sealed record RunningSilo(WebApplication App, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }
}
