using Cereon.Grains.Interfaces.Hosting;
using Cereon.Grains.Interfaces.Live;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Cereon.Gateway.Hosting;

public static class OrleansClientExtensions
{
    /// <summary>
    /// Connects the gateway to the cluster as an Orleans client, finding silos the way <c>Cereon:Cluster</c>
    /// says, and retrying until the cluster answers rather than failing the start.
    /// </summary>
    public static WebApplicationBuilder AddCereonClusterClient(this WebApplicationBuilder builder)
    {
        var cluster = ClusterSettings.Read(builder.Configuration);
        builder.UseOrleansClient(client =>
        {
            client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
            client.AddMemoryStreams(LiveStreams.ProviderName);
        });
        return builder;
    }
}
