namespace Cereon.Grains.Interfaces.Catalog;

public static class CatalogKeys
{
    public const string Cluster = "cluster";
}
