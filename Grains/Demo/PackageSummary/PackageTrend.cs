namespace Cereon.Grains.Demo.PackageSummary;

/// <summary>
/// How one package's daily figure behaves: its weekday level on <see cref="PackageSeries.Anchor"/>, its growth per
/// year, how much of the weekday level is left at weekends, and the day-to-day noise of large counts.
/// </summary>
/// <param name="WeekdayLevel">Mean on a weekday at the anchor date.</param>
/// <param name="YearlyGrowth">Growth over a year as a fraction: 0.6 is 60 % more a year later.</param>
/// <param name="WeekendShare">Fraction of the weekday mean on Saturdays and Sundays.</param>
/// <param name="Sigma">Log-normal spread of counts too large to draw one event at a time (downloads); 0 for the
/// small counts (commits, stars), which are drawn as events.</param>
internal sealed record PackageTrend(double WeekdayLevel, double YearlyGrowth, double WeekendShare, double Sigma = 0)
{
    /// <summary>The figure for <paramref name="date"/>, drawn from <paramref name="random"/> (that date's own seed).</summary>
    public int Draw(DateOnly date, Random random)
    {
        var years = (date.DayNumber - PackageSeries.Anchor.DayNumber) / 365.0;
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var mean = WeekdayLevel * Math.Pow(1 + YearlyGrowth, years) * (weekend ? WeekendShare : 1);
        return Sigma > 0 ? random.Scatter(mean, Sigma) : random.Count(mean);
    }
}
