using Cereon.Grains.Interfaces.Live;
using Cereon.Hosting;
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
        var cluster = ValidatedSettings.Read(builder.Configuration, CereonClusterOptions.SectionName, new CereonClusterOptionsValidator());
        builder.UseOrleansClient(client =>
        {
            if (ClusteringModes.UsesRedis(cluster.Clustering))
            {
                client.Configure<ClusterOptions>(options =>
                {
                    options.ClusterId = cluster.ClusterId;
                    options.ServiceId = cluster.ServiceId;
                });
                client.UseRedisClustering(cluster.RedisConnectionString!);

                // Notice silos joining and leaving within seconds, not the default minute.
                client.Configure<Orleans.Configuration.GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
            }
            else
            {
                client.UseLocalhostClustering(cluster.GatewayPort, cluster.ServiceId, cluster.ClusterId);
            }

            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
            client.AddCereonLiveStreams();
            client.AddActivityPropagation();
        });
        return builder;
    }

    /// <summary>
    /// The live card streams as a client sees them: mapped onto the silos' <see cref="LiveStreams.QueueCount"/> queues.
    /// A client counting other queues would put what it publishes where no silo pulls.
    /// </summary>
    public static IClientBuilder AddCereonLiveStreams(this IClientBuilder client) =>
        client.AddMemoryStreams(LiveStreams.ProviderName, streams => streams.ConfigurePartitioning(LiveStreams.QueueCount));
}
