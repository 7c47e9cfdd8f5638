using System.Net;
using Cereon.Tests.Infrastructure;
using Cereon.Tests.Integration.Cluster;
using Cereon.Bench.Processes;

namespace Cereon.Tests.Deployment;

/// <summary>
/// The local production-shaped cluster (2 silos, 2 gateways, Redis, PostgreSQL; scripts/cluster.sh) behind Debian's
/// nginx with the shipped round-robin configuration, as docker-compose.yml runs it: no affinity anywhere, and a
/// WebSocket viewer whose gateway dies reconnects through nginx to the other one and resumes without a gap.
/// </summary>
[Trait("Category", "Slow")]
[Collection(FailoverTests.Name)]
public sealed class NginxRoundRobinTests(ProcessCluster cluster, ITestOutputHelper output) : IClassFixture<ProcessCluster>
{
    private const string Ticker = "/api/cards/showcase_ticker";
    private static readonly string[] ProbeKinds = ["startupProbe", "livenessProbe", "readinessProbe"];

    [Fact]
    public async Task WebSocketViewers_MoveBetweenGateways_ThroughNginx_WithoutAGap()
    {
        await using var nginx = await NginxServer.StartAsync(cluster.Gateways);
        var watchers = Enumerable.Range(0, 4).Select(_ => new ResumingWatcher([nginx.Address], 0, Ticker)).ToList();
        using var stop = new CancellationTokenSource();
        var watching = Task.WhenAll(watchers.Select(w => w.RunAsync(stop.Token)));
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            await cluster.KillAsync("gateway", 1);
            await Task.Delay(TimeSpan.FromSeconds(6));
            var movedFirst = watchers.Count(w => w.Reconnects > 0);
            await cluster.RestartAsync("gateway", 1);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await cluster.KillAsync("gateway", 2);
            await Task.Delay(TimeSpan.FromSeconds(6));
            await stop.CancelAsync();
            await watching;
            await cluster.RestartAsync("gateway", 2);

            foreach (var watcher in watchers)
            {
                output.WriteLine($"watcher: {watcher.Seqs.Count} messages, {watcher.Reconnects} reconnects, discontinuities {string.Join(", ", watcher.Discontinuities())}");
            }

            // Round-robin put the four sockets on both gateways: killing one moved some of them, not none or all.
            Assert.InRange(movedFirst, 1, 3);
            // Then everyone was on gateway 2, and killing it moved them all to the restarted gateway 1.
            Assert.All(watchers, w => Assert.True(w.Reconnects >= 1, "a viewer never moved"));
            Assert.All(watchers, w => Assert.Empty(w.Discontinuities()));
            Assert.All(watchers, w => Assert.All(w.Resumes, Assert.True));
            Assert.All(watchers, w => Assert.True(w.Seqs.Count > 50, $"only {w.Seqs.Count} messages"));
        }
        finally
        {
            output.WriteLine(nginx.ErrorLog);
        }
    }

    [Fact]
    public async Task HttpRequests_AreServedThroughNginx_ByBothGateways()
    {
        await using var nginx = await NginxServer.StartAsync(cluster.Gateways);
        using var http = new HttpClient { BaseAddress = nginx.Address };

        for (var i = 0; i < 6; i++)
        {
            using var response = await http.GetAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await cluster.KillAsync("gateway", 2);
        try
        {
            // A refused connection is retried on the other gateway, so not one request fails.
            for (var i = 0; i < 6; i++)
            {
                using var response = await http.GetAsync(new Uri("/api/cards/mrr_overview", UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
        }
        finally
        {
            await cluster.RestartAsync("gateway", 2);
        }
    }

    [Fact]
    public async Task ManifestProbes_AndTheImageHealthCheck_AnswerOnTheRealProcesses()
    {
        var manifests = await Manifests.RenderAsync("prod");
        var status = await cluster.StatusAsync();
        using var http = new HttpClient();
        foreach (var (role, deployment) in new[] { ("silo", "cereon-silo"), ("gateway", "cereon-gateway") })
        {
            var process = new Uri(status.First(s => s[0] == role)[2]);
            var container = Manifests.Container(manifests.Resource("Deployment", deployment), role);
            foreach (var probe in ProbeKinds)
            {
                var path = container.Required(probe, "httpGet", "path");
                using var response = await http.GetAsync(new Uri(process, path));
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{role} {probe} {path}: {(int)response.StatusCode}");
            }

            var check = await HealthCheckAsync(process.Port);
            Assert.True(check.ExitCode == 0, $"cereon-healthcheck on the {role}: {check}");
        }

        var closed = await HealthCheckAsync(port: null);
        Assert.NotEqual(0, closed.ExitCode);
    }

    /// <summary>Runs deploy/healthcheck.sh as the image's HEALTHCHECK does, against a port (null: one nothing listens on).</summary>
    private static Task<CommandResult> HealthCheckAsync(int? port) =>
        Commands.RunAsync("bash", [RepositoryFiles.PathOf("deploy/healthcheck.sh")], RepositoryFiles.Root, TimeSpan.FromSeconds(30),
            new Dictionary<string, string> { ["CEREON_HEALTH_PORT"] = $"{port ?? FreePort.Next()}" });
}
