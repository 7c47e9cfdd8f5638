namespace Cereon.Grains.Interfaces.Usage;

public static class CardUsageReporting
{
    public const string Key = "cluster";

    /// <summary>How often silos and gateways report; a reporter silent for three intervals is forgotten.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
}
