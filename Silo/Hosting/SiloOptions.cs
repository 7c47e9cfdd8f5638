namespace Cereon.Silo.Hosting;

/// <summary>What this silo process also does. Section <c>Cereon:Silo</c>.</summary>
public sealed class SiloOptions
{
    public const string SectionName = "Cereon:Silo";

    /// <summary>
    /// Whether the silo also serves the gateway's card routes; default true (the embedded default). Production
    /// silos set it to false and serve only health, metrics and the Orleans Dashboard on their HTTP port.
    /// </summary>
    public bool HostGateway { get; set; } = true;
}
