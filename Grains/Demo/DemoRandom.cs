namespace Cereon.Grains.Demo;

/// <summary>
/// Seeded randomness, so that every silo, cache refresh and test sees the same demo numbers for a given day.
/// Not for anything security-related.
/// </summary>
internal static class DemoRandom
{
    /// <summary>A generator seeded by <paramref name="day"/> and a per-series <paramref name="salt"/> (0-999).</summary>
    public static Random ForDay(DateOnly day, int salt) => new((day.DayNumber * 1000) + salt);

    /// <summary>A whole number within <paramref name="spread"/> (a fraction) of <paramref name="center"/>.</summary>
    public static int Around(this Random random, double center, double spread) =>
        (int)Math.Round(center * (1 + (((random.NextDouble() * 2) - 1) * spread)));
}
