namespace Cereon.Silo.Hosting;

public static class StorageProviders
{
    public const string Memory = "memory";
    public const string Postgres = "postgres";
}
