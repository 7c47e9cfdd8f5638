namespace Cereon.Hosting;

/// <summary>The operational endpoints that production mode keeps for admins or the admin port.</summary>
public static class OperationalPaths
{
    /// <summary>The Prometheus scrape endpoint.</summary>
    public static readonly PathString Metrics = "/metrics";

    /// <summary>Health with each check's description and duration (which can name internal addresses).</summary>
    public static readonly PathString DetailedHealth = "/health/detailed";
}
