using System.Globalization;

namespace Cereon.Bench.Suite;

/// <summary>How the table writes numbers: invariant culture, precision that suits the size.</summary>
internal static class Format
{
    public static string Ms(TimeSpan value) => Ms(value.TotalMilliseconds);

    public static string Ms(double ms) => ms switch
    {
        < 10 => ms.ToString("0.00", CultureInfo.InvariantCulture),
        < 100 => ms.ToString("0.0", CultureInfo.InvariantCulture),
        _ => ms.ToString("N0", CultureInfo.InvariantCulture),
    };

    public static string N0(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string N1(double value) => value.ToString("N1", CultureInfo.InvariantCulture);

    public static string Ratio(double value, double baseline) =>
        baseline == 0 ? "n/a" : (value / baseline).ToString("0.00", CultureInfo.InvariantCulture) + "×";

    public static Verdict Meets(bool met) => met ? Verdict.Met : Verdict.NotMet;

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    public static TimeSpan Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[sorted.Count / 2];
    }

    /// <summary>The smallest value that <paramref name="quantile"/> of the samples do not exceed.</summary>
    public static TimeSpan Quantile(IReadOnlyList<TimeSpan> sorted, double quantile) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Count) - 1, 0, sorted.Count - 1)];
}
