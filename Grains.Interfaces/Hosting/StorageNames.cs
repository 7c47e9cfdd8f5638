namespace Cereon.Grains.Interfaces.Hosting;

/// <summary>Names of the Orleans providers that grains and hosts must agree on.</summary>
public static class StorageNames
{
    /// <summary>Grain storage for card state (catalog, retained history, last good results).</summary>
    public const string Cards = "cards";
}
