using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cereon.Hosting;

public static class HealthCheckRegistration
{
    /// <summary>
    /// Readiness checks of the external services this host is configured to use: Redis membership (degraded when
    /// down) and PostgreSQL storage (unhealthy when down). The caller adds its own cluster check.
    /// </summary>
    public static IHealthChecksBuilder AddCereonHealthChecks(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var checks = builder.Services.AddHealthChecks();
        var timeout = TimeSpan.FromSeconds(2);
        var cluster = builder.Configuration.GetSection(CereonClusterOptions.SectionName).Get<CereonClusterOptions>() ?? new();
        if (ClusteringModes.UsesRedis(cluster.Clustering) && cluster.RedisConnectionString is { Length: > 0 } redis)
        {
            checks.AddRedis(redis, "redis", HealthStatus.Degraded, [HealthEndpoints.ReadyTag], timeout);
        }

        if (builder.Configuration["Cereon:Storage:Provider"] == "postgres"
            && builder.Configuration["Cereon:Storage:ConnectionString"] is { Length: > 0 } postgres)
        {
            checks.AddNpgSql(postgres, name: "postgres", failureStatus: HealthStatus.Unhealthy, tags: [HealthEndpoints.ReadyTag], timeout: timeout);
        }

        return checks;
    }
}
