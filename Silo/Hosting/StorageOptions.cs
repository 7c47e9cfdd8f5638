namespace Cereon.Silo.Hosting;

/// <summary>Where silos keep grain state (card state, catalog, stream subscriptions). Section <c>Cereon:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Cereon:Storage";

    /// <summary><c>memory</c> (default; lost when the silo stops) or <c>postgres</c>.</summary>
    public string Provider { get; set; } = StorageProviders.Memory;

    /// <summary>Npgsql connection string for <c>postgres</c>, pool size included (<c>Maximum Pool Size=20</c>); no default.</summary>
    public string? ConnectionString { get; set; }
}
