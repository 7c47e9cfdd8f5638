using Cereon.Hosting;
using Cereon.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting.Kubernetes;

namespace Cereon.Tests.Hosting;

/// <summary>
/// <c>Cereon:Cluster</c> is the one source of a silo's cluster ids and ports in every clustering mode: Orleans'
/// Kubernetes hosting reads <c>ORLEANS_*</c> variables when they are set, and they must not win.
/// </summary>
[Collection(Name)]
public sealed class ClusterIdentityTests
{
    /// <summary>The tests set the pod's variables, which are process-wide: nothing else may run meanwhile.</summary>
    public const string Name = "pod environment";

    private static readonly string[] PodVariables =
    [
        KubernetesHostingOptions.PodNameEnvironmentVariable, KubernetesHostingOptions.PodNamespaceEnvironmentVariable,
        KubernetesHostingOptions.PodIPEnvironmentVariable, KubernetesHostingOptions.ClusterIdEnvironmentVariable,
        KubernetesHostingOptions.ServiceIdEnvironmentVariable,
    ];

    [Theory]
    [InlineData(ClusteringModes.Localhost)]
    [InlineData(ClusteringModes.Redis)]
    [InlineData(ClusteringModes.Kubernetes)]
    public void ClusterIds_AndPorts_ComeFromCereonCluster_InEveryMode(string mode)
    {
        var pod = new Dictionary<string, string>
        {
            [KubernetesHostingOptions.PodNameEnvironmentVariable] = "cereon-silo-0",
            [KubernetesHostingOptions.PodNamespaceEnvironmentVariable] = "cereon",
            [KubernetesHostingOptions.PodIPEnvironmentVariable] = "10.1.2.3",
            [KubernetesHostingOptions.ClusterIdEnvironmentVariable] = "stale-cluster",
            [KubernetesHostingOptions.ServiceIdEnvironmentVariable] = "stale-service",
        };
        using var environment = new PodEnvironment(pod);
        using var app = BuildSilo(new()
        {
            ["Cereon:Cluster:Clustering"] = mode,
            ["Cereon:Cluster:RedisConnectionString"] = "localhost:1,abortConnect=false",
            ["Cereon:Cluster:ClusterId"] = "blue",
            ["Cereon:Cluster:ServiceId"] = "dashboards",
            ["Cereon:Cluster:SiloPort"] = "12111",
            ["Cereon:Cluster:GatewayPort"] = "31000",
        });

        var ids = app.Services.GetRequiredService<IOptions<ClusterOptions>>().Value;
        var endpoints = app.Services.GetRequiredService<IOptions<EndpointOptions>>().Value;

        Assert.Equal(("blue", "dashboards"), (ids.ClusterId, ids.ServiceId));
        Assert.Equal((12111, 31000), (endpoints.SiloPort, endpoints.GatewayPort));
    }

    private static WebApplication BuildSilo(Dictionary<string, string?> settings) =>
        SiloHosts.Build(new Dictionary<string, string?>(settings)
        {
            ["Cereon:Silo:HostGateway"] = "false",
            ["Cereon:Auth:Disabled"] = "true",
        });

    /// <summary>Sets the variables a pod gets from its manifest, and clears every one of them again afterwards.</summary>
    private sealed class PodEnvironment : IDisposable
    {
        public PodEnvironment(IReadOnlyDictionary<string, string> values)
        {
            foreach (var (name, value) in values)
            {
                Environment.SetEnvironmentVariable(name, value);
            }
        }

        public void Dispose()
        {
            foreach (var name in PodVariables)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }
    }
}
