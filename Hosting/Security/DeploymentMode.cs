namespace Cereon.Hosting.Security;

/// <summary>
/// Whether this process runs in production mode, where security is on by default: authentication must be configured
/// (or explicitly disabled) and rate limits apply. <c>Cereon:Production</c> says so explicitly; without it, a process
/// whose cluster is not <c>localhost</c> (Redis or Kubernetes membership, so reachable by other machines) is in
/// production mode, and the embedded default (one process, localhost clustering) is not.
/// </summary>
public sealed record DeploymentMode(bool IsProduction)
{
    public const string ProductionKey = "Cereon:Production";

    public static DeploymentMode From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration.GetValue<bool?>(ProductionKey) is { } explicitly)
        {
            return new DeploymentMode(explicitly);
        }

        var clustering = configuration[$"{CereonClusterOptions.SectionName}:{nameof(CereonClusterOptions.Clustering)}"];
        return new DeploymentMode(clustering is { Length: > 0 } && clustering != ClusteringModes.Localhost);
    }
}
