using Cereon.Grains.Records;

namespace Cereon.Grains.Demo;

/// <summary>Number records that compare a figure with its previous value, as the front end's trend badge shows.</summary>
internal static class NumberTrend
{
    public static NumberRecord Of(double value, double previous, string label) => new(value)
    {
        PreviousValue = previous,
        Trend = value.CompareTo(previous) switch
        {
            > 0 => "up",
            < 0 => "down",
            _ => "neutral",
        },
        TrendPercentage = previous == 0
            ? null
            : Math.Round((value - previous) / previous * 100, 2, MidpointRounding.AwayFromZero),
        Label = label,
    };
}
