using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Cereon.Grains.Demo;

/// <summary>
/// Seeded randomness, so that every silo, cache refresh and test sees the same demo numbers for a given day.
/// Not for anything security-related.
/// </summary>
internal static class DemoRandom
{
    /// <summary>
    /// A generator for one <paramref name="series"/> on one <paramref name="day"/>. The seed is a digest of both:
    /// <see cref="Random"/> seeded with neighbouring integers starts with neighbouring numbers, which made the
    /// series march in steps from day to day; a digest is the same in every process, unlike <see cref="HashCode"/>.
    /// </summary>
    public static Random ForDay(DateOnly day, string series)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{day.DayNumber}/{series}"));
        return new Random(BinaryPrimitives.ReadInt32LittleEndian(digest));
    }

    /// <summary>A whole number within <paramref name="spread"/> (a fraction) of <paramref name="center"/>.</summary>
    public static int Around(this Random random, double center, double spread) =>
        (int)Math.Round(center * (1 + (((random.NextDouble() * 2) - 1) * spread)));

    /// <summary>
    /// A count of events that happen <paramref name="mean"/> times on average (Poisson), as commits or stars per day
    /// are: small means give the zeros and occasional bursts of real counts rather than a fixed value.
    /// </summary>
    public static int Count(this Random random, double mean)
    {
        // Knuth's product of uniforms, exact and cheap for the small means the demo uses.
        var limit = Math.Exp(-mean);
        var count = 0;
        for (var product = random.NextDouble(); product > limit; product *= random.NextDouble())
        {
            count++;
        }

        return count;
    }

    /// <summary>
    /// <paramref name="center"/> times a log-normal factor of spread <paramref name="sigma"/>, rounded: day-to-day
    /// noise of a large count such as downloads, never negative.
    /// </summary>
    public static int Scatter(this Random random, double center, double sigma)
    {
        // Box-Muller: one standard normal draw from two uniforms.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return (int)Math.Round(center * Math.Exp((sigma * normal) - (sigma * sigma / 2)));
    }
}
