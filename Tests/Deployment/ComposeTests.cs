using System.Text.RegularExpressions;
using Cereon.Gateway.Live;
using Cereon.Hosting;
using Cereon.Silo.Hosting;
using Cereon.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Cereon.Tests.Deployment;

/// <summary>
/// <c>docker-compose.yml</c> and its nginx: the settings of every service are real ones, the start order is the
/// cluster's (migrate, silos, gateways, nginx), and nginx balances round-robin with WebSocket upgrades passed on.
/// </summary>
public sealed partial class ComposeTests
{
    private static readonly YamlMappingNode Compose = Yaml.Documents(RepositoryFiles.Read("docker-compose.yml")).Single();

    [Fact]
    public void EveryEnvironmentKey_IsReadByTheCode_AndValid()
    {
        var ours = Services().Where(s => s.Value.Text("image") is "cereon-silo" or "cereon-gateway").ToList();
        var problems = ours.SelectMany(s => CereonSettings.Problems(s.Value.Map("environment")).Select(p => $"{s.Key}: {p}")).ToList();

        Assert.Equal(["gateway-1", "gateway-2", "migrate", "silo-1", "silo-2"], ours.Select(s => s.Key).Order(StringComparer.Ordinal));
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void Silos_AndGateways_AreOneRedisCluster_WithSilosServingNoCardApi()
    {
        var silos = Services().Where(s => s.Key.StartsWith("silo-", StringComparison.Ordinal)).Select(s => s.Value.Map("environment")).ToList();
        var gateways = Services().Where(s => s.Key.StartsWith("gateway-", StringComparison.Ordinal)).Select(s => s.Value.Map("environment")).ToList();

        Assert.Equal(2, silos.Count);
        Assert.Equal(2, gateways.Count);
        Assert.All(silos, s => Assert.False(CereonSettings.Bind<SiloOptions>(s).HostGateway));
        Assert.All(silos, s => Assert.Equal(StorageProviders.Postgres, CereonSettings.Bind<StorageOptions>(s).Provider));
        var clusters = silos.Concat(gateways).Select(CereonSettings.Bind<CereonClusterOptions>).ToList();
        Assert.All(clusters, c => Assert.Equal(ClusteringModes.Redis, c.Clustering));
        Assert.Single(clusters.Select(c => (c.ClusterId, c.ServiceId, c.RedisConnectionString)).Distinct());
    }

    [Fact]
    public void Services_StartInTheClustersOrder()
    {
        Assert.Equal(["migrate"], Services()["migrate"].Items("command").Select(c => ((YamlScalarNode)c).Value));
        Assert.Equal("service_healthy", DependsOn("migrate")["postgres"]);
        Assert.Equal("service_completed_successfully", DependsOn("silo-1")["migrate"]);
        Assert.Equal("service_healthy", DependsOn("silo-2")["redis"]);
        Assert.Equal(new Dictionary<string, string> { ["silo-1"] = "service_healthy", ["silo-2"] = "service_healthy" }, DependsOn("gateway-2"));
        Assert.Equal(new Dictionary<string, string> { ["gateway-1"] = "service_healthy", ["gateway-2"] = "service_healthy" }, DependsOn("nginx"));
        Assert.All(Services().Where(s => s.Value.Text("image") is "cereon-silo" or "cereon-gateway"), s =>
            Assert.True(File.Exists(RepositoryFiles.PathOf(s.Value.Required("build", "dockerfile"))), $"{s.Key} builds from a missing Dockerfile"));
    }

    [Fact]
    public void Nginx_BalancesRoundRobin_OverBothGateways_WithWebSocketUpgrades()
    {
        var shipped = RepositoryFiles.Read(NginxConfig.ShippedPath);
        var mount = Services()["nginx"].Items("volumes").Select(v => ((YamlScalarNode)v).Value!).Single();
        var upstreams = NginxConfig.ShippedUpstreams();
        var live = new LiveSocketOptions();

        Assert.Equal($"./{NginxConfig.ShippedPath}:/etc/nginx/conf.d/default.conf:ro", mount);
        Assert.Equal(["gateway-1:8080", "gateway-2:8080"], upstreams);
        Assert.Equal("http://+:8080", DockerfileEnvironment("Dockerfile.gateway")["ASPNETCORE_URLS"]);
        // Round-robin is nginx's default; any of these would pin a client to one gateway.
        Assert.DoesNotMatch(@"^\s*(ip_hash|hash|sticky|least_conn)\b", string.Join('\n', shipped.Split('\n').Select(l => l.Split('#')[0])));
        Assert.Matches(@"proxy_set_header\s+Upgrade\s+\$http_upgrade;", shipped);
        Assert.Matches(@"proxy_set_header\s+Connection\s+\$connection_upgrade;", shipped);
        Assert.Matches(@"proxy_http_version\s+1\.1;", shipped);
        var readTimeout = TimeSpan.FromSeconds(int.Parse(ReadTimeout().Match(shipped).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(readTimeout > live.HeartbeatInterval * (live.MissedHeartbeats + 1), "proxy_read_timeout would cut a quiet but healthy socket");
    }

    [Fact]
    public async Task Nginx_AcceptsTheShippedConfiguration()
    {
        var directory = Directory.CreateTempSubdirectory("cereon-nginx-").FullName;
        try
        {
            var config = NginxConfig.Write(directory, [new Uri("http://127.0.0.1:1"), new Uri("http://127.0.0.1:2")], 3);
            var check = await Commands.RunAsync(NginxConfig.Executable(), ["-t", "-c", config, "-e", Path.Combine(directory, "error.log")], directory, TimeSpan.FromSeconds(30));

            Assert.True(check.ExitCode == 0, check.ToString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Dictionary<string, YamlNode> Services() =>
        ((YamlMappingNode)Compose.Get("services")).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => p.Value, StringComparer.Ordinal);

    private static Dictionary<string, string> DependsOn(string service) =>
        ((YamlMappingNode)Services()[service].Get("depends_on")).Children.ToDictionary(p => ((YamlScalarNode)p.Key).Value!, p => p.Value.Required("condition"), StringComparer.Ordinal);

    private static Dictionary<string, string> DockerfileEnvironment(string dockerfile) => Dockerfile.Parse(dockerfile).Environment;

    [GeneratedRegex(@"proxy_read_timeout\s+(\d+)s;")]
    private static partial Regex ReadTimeout();
}
