using System.Net;
using System.Text.Json.Nodes;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Gateway.Live;

/// <summary>
/// With no setting, the embedded default logs the limit it derived and refuses the next upgrade at exactly that limit.
/// The process runs under `prlimit --nofile=800`, so the open-file bound (800 less 400 for other files) decides, at a
/// size a test can open.
/// </summary>
public sealed class LiveConnectionLimitEnforcementTests
{
    private const int OpenFiles = 800;
    private const int Expected = 400;

    [Fact]
    [Trait("Category", "Slow")]
    public async Task DerivedLimit_IsLogged_AndIsWhereUpgradesGet503()
    {
        await using var silo = await EmbeddedSiloProcess.StartAsync(
            new Dictionary<string, string> { ["Cereon__RateLimits__Enabled"] = "false" }, "prlimit", $"--nofile={OpenFiles}:{OpenFiles}");
        var logged = silo.StdoutLines.Select(l => JsonNode.Parse(l) as JsonObject).Single(l => l?["MaxConnections"] is not null)!;
        Assert.Equal(Expected, (int?)logged["MaxConnections"]);
        Assert.Contains($"open-file limit {OpenFiles}", (string?)logged["Derivation"], StringComparison.Ordinal);

        var sockets = new List<LiveClient>();
        try
        {
            for (var i = 0; i < Expected; i++)
            {
                sockets.Add(await LiveClient.ConnectAsync(silo.BaseAddress, "/api/cards/showcase_ticker"));
            }

            // A pong from each proves its session runs, so the gateway counts it.
            foreach (var socket in sockets)
            {
                await socket.SendAsync(new JsonObject { ["action"] = "ping" });
                await socket.ReceiveUntilAsync(m => (string?)m["action"] == "pong");
            }

            Assert.Equal(HttpStatusCode.ServiceUnavailable, await LiveClient.RefusedUpgradeAsync(silo.BaseAddress, "/api/cards/showcase_ticker"));
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }
}
