namespace Cereon.Hosting;

/// <summary>The clustering modes a deployment may choose (<see cref="CereonClusterOptions.Clustering"/>).</summary>
public static class ClusteringModes
{
    /// <summary>Silos on one machine at fixed ports; the embedded default.</summary>
    public const string Localhost = "localhost";

    /// <summary>Membership in Redis; silos anywhere that can reach it and each other.</summary>
    public const string Redis = "redis";

    /// <summary>Membership in Redis, with endpoints and cluster identity from the Kubernetes pod.</summary>
    public const string Kubernetes = "kubernetes";

    public static IReadOnlyList<string> Supported { get; } = [Localhost, Redis, Kubernetes];

    public static bool UsesRedis(string mode) => mode is Redis or Kubernetes;
}
