using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cereon.Silo.Hosting;

/// <summary>The silo is ready when the cluster's membership counts it active.</summary>
internal sealed class SiloClusterHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {silo.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"Silo {silo.SiloAddress} is {status}"));
    }
}
