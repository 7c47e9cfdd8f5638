namespace Cereon.Grains.Interfaces.Hosting;

/// <summary>The clustering modes a deployment may choose (<see cref="CereonClusterOptions.Clustering"/>).</summary>
public static class ClusteringModes
{
    /// <summary>Silos on one machine at fixed ports; the embedded default.</summary>
    public const string Localhost = "localhost";

    public static IReadOnlyList<string> Supported { get; } = [Localhost];
}
