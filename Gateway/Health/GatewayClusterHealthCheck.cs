using Cereon.Gateway.Catalog;
using Cereon.Grains.Interfaces.Catalog;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cereon.Gateway.Health;

/// <summary>The gateway is ready when it can reach the cluster: one catalog call answered in time.</summary>
internal sealed class GatewayClusterHealthCheck(IGrainFactory grains, CardCatalogCache catalog) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var cards = await grains.GetGrain<ICardCatalogGrain>(CatalogKeys.Cluster).GetAsync().WaitAsync(Timeout, cancellationToken);
            return catalog.Current is null
                ? HealthCheckResult.Unhealthy("Card catalog not loaded yet")
                : HealthCheckResult.Healthy($"{cards.Cards.Count} cards in the cluster");
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("No cluster connection", ex);
        }
    }
}
