using Microsoft.Extensions.Options;

namespace Cereon.Hosting;

/// <summary>Checks the cluster settings and says, per bad key, which environment variable fixes it.</summary>
public sealed class CereonClusterOptionsValidator : IValidateOptions<CereonClusterOptions>
{
    public ValidateOptionsResult Validate(string? name, CereonClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!ClusteringModes.Supported.Contains(options.Clustering))
        {
            failures.Add($"Cereon:Cluster:Clustering '{options.Clustering}' is not one of {string.Join(", ", ClusteringModes.Supported)} (env Cereon__Cluster__Clustering).");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add("Cereon:Cluster:ClusterId is required (env Cereon__Cluster__ClusterId).");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add("Cereon:Cluster:ServiceId is required (env Cereon__Cluster__ServiceId).");
        }

        if (ClusteringModes.UsesRedis(options.Clustering) && string.IsNullOrWhiteSpace(options.RedisConnectionString))
        {
            failures.Add($"Cereon:Cluster:RedisConnectionString is required for '{options.Clustering}' clustering (env Cereon__Cluster__RedisConnectionString).");
        }

        if (options.AdvertisedAddress is { Length: > 0 } address && !System.Net.IPAddress.TryParse(address, out _))
        {
            failures.Add($"Cereon:Cluster:AdvertisedAddress '{address}' is not an IP address (env Cereon__Cluster__AdvertisedAddress).");
        }

        if (options.AdvertisedAddress is { Length: > 0 } && options.Clustering == ClusteringModes.Kubernetes)
        {
            failures.Add("Cereon:Cluster:AdvertisedAddress is not used with 'kubernetes' clustering, which advertises the pod's address (POD_IP); remove it (env Cereon__Cluster__AdvertisedAddress).");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero)
        {
            failures.Add("Cereon:Cluster:ProbeTimeout must be positive (env Cereon__Cluster__ProbeTimeout).");
        }

        if (options.MissedProbesLimit < 1)
        {
            failures.Add("Cereon:Cluster:MissedProbesLimit must be at least 1 (env Cereon__Cluster__MissedProbesLimit).");
        }

        CheckPort(options.SiloPort, "SiloPort", failures);
        CheckPort(options.GatewayPort, "GatewayPort", failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPort(int port, string key, List<string> failures)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"Cereon:Cluster:{key} must be a port between 1 and 65535 (env Cereon__Cluster__{key}).");
        }
    }
}
