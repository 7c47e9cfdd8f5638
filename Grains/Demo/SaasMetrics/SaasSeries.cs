namespace Cereon.Grains.Demo.SaasMetrics;

/// <summary>
/// The synthetic SaaS figures. The revenue cards all read one series, so the number, line and area cards agree.
/// </summary>
internal static class SaasSeries
{
    public const int DaysPerRecord = 7;
    private const int RevenueDays = 28;
    private const int RollingDays = 7;
    private const string RevenueSeries = "revenue";
    private const string UsersSeries = "daily_active_users";

    /// <summary>
    /// <see cref="RevenueDays"/> days ending <paramref name="today"/>, growing about 1% a day from 10,000, with fewer
    /// new subscriptions at weekends. The first week's rolling sums cover only the days inside the series, so they
    /// can be checked against it.
    /// </summary>
    public static IReadOnlyList<RevenueDay> Revenue(DateOnly today)
    {
        var random = DemoRandom.ForDay(today, RevenueSeries);
        var days = new RevenueDay[RevenueDays];
        var mrr = 10_000;
        for (var i = 0; i < RevenueDays; i++)
        {
            var date = today.AddDays(i - RevenueDays + 1);

            // Weekdays carry more sign-ups than weekends; the factors average 1 over a week.
            var week = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.6 : 1.16;
            var added = random.Around(mrr * 0.0085 * week, 0.25);
            var expansion = random.Around(added * 0.3, 0.4);
            var churned = random.Around(added * 0.15, 0.5);
            mrr += added + expansion - churned;
            var rollingNew = added + days[Math.Max(0, i - RollingDays + 1)..i].Sum(d => d.New);
            days[i] = new RevenueDay(date, mrr, added, expansion, rollingNew);
        }

        return days;
    }

    /// <summary>Daily active users on <paramref name="day"/>: about 4,200, stable for that day.</summary>
    public static int DailyActiveUsers(DateOnly day) => DemoRandom.ForDay(day, UsersSeries).Around(4_200, 0.04);
}
