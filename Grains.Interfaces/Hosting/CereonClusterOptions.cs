namespace Cereon.Grains.Interfaces.Hosting;

/// <summary>
/// How silos and gateways find each other. Section <c>Cereon:Cluster</c>; silo and gateway must agree.
/// </summary>
public sealed class CereonClusterOptions
{
    public const string SectionName = "Cereon:Cluster";

    /// <summary>Clustering mode; default <c>localhost</c> (one machine, no external services).</summary>
    public string Clustering { get; set; } = ClusteringModes.Localhost;

    /// <summary>Orleans cluster id; default <c>cereon</c>. Silos with different ids never join.</summary>
    public string ClusterId { get; set; } = "cereon";

    /// <summary>Orleans service id; default <c>cereon</c>. Keys persisted state, so keep it across deployments.</summary>
    public string ServiceId { get; set; } = "cereon";

    /// <summary>Silo-to-silo port; default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port gateways (Orleans clients) connect to; default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;
}
