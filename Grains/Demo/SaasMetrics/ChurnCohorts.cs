using System.Globalization;

namespace Cereon.Grains.Demo.SaasMetrics;

/// <summary>The synthetic retention cohorts shared by the table and the streaming table.</summary>
internal static class ChurnCohorts
{
    public const int Count = 20;
    public const string MonthFilter = "cohort_month";
    private const string Series = "churn_cohorts";
    private static readonly DateOnly FirstMonth = new(2025, 1, 1);

    public static IReadOnlyList<string> Columns { get; } = ["id", "cohort_month", "month_0", "month_1", "month_2"];

    /// <summary>The first <paramref name="count"/> cohorts, only the one of <paramref name="month"/> when it is set.</summary>
    public static IEnumerable<CohortRow> Rows(DateOnly today, int count, string? month)
    {
        var random = DemoRandom.ForDay(today, Series);
        for (var i = 0; i < count; i++)
        {
            // Draw for every cohort, filtered or not, so that a filtered row shows the same figures as the full table.
            var month1 = Math.Round(0.92 - (random.NextDouble() * 0.08), 2);
            var month2 = Math.Round(month1 - 0.03 - (random.NextDouble() * 0.06), 2);
            var row = new CohortRow(
                i + 1, FirstMonth.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture), 1.0, month1, month2);
            if (month is null || string.Equals(row.CohortMonth, month, StringComparison.Ordinal))
            {
                yield return row;
            }
        }
    }
}
