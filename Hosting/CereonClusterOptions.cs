namespace Cereon.Hosting;

/// <summary>
/// How silos and gateways find each other. Section <c>Cereon:Cluster</c>; silo and gateway must agree. The one source
/// of the cluster ids and ports in every clustering mode.
/// </summary>
public sealed class CereonClusterOptions
{
    public const string SectionName = "Cereon:Cluster";

    /// <summary>
    /// Clustering mode (<see cref="ClusteringModes"/>); default <c>localhost</c> (one machine, no external services).
    /// </summary>
    public string Clustering { get; set; } = ClusteringModes.Localhost;

    /// <summary>Orleans cluster id; default <c>cereon</c>. Silos with different ids never join.</summary>
    public string ClusterId { get; set; } = "cereon";

    /// <summary>Orleans service id; default <c>cereon</c>. Keys persisted state, so keep it across deployments.</summary>
    public string ServiceId { get; set; } = "cereon";

    /// <summary>Silo-to-silo port; default 11111.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Port gateways (Orleans clients) connect to; default 30000.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// StackExchange.Redis configuration of the membership store, for <c>redis</c> and <c>kubernetes</c> clustering
    /// (for example <c>redis:6379,password=…</c>); no default.
    /// </summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>
    /// The address other silos and gateways reach this silo at; default none, which lets Orleans pick this host's
    /// address. Not allowed with <c>kubernetes</c> clustering, which takes it from the pod.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>How long a silo waits for a probe answer before counting it missed; default 2 s (Orleans: 5 s).</summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Missed probes after which a silo votes another dead; default 2 (Orleans: 3).</summary>
    public int MissedProbesLimit { get; set; } = 2;
}
