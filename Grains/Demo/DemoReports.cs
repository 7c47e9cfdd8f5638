namespace Cereon.Grains.Demo;

/// <summary>The report ids of shared/demo-cards.md; the example front end groups its tabs by them.</summary>
internal static class DemoReports
{
    public const string SaasMetrics = "saas_metrics";
    public const string PackageSummary = "package_summary";
    public const string Showcase = "showcase";
}
