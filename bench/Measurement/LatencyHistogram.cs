namespace Cereon.Bench.Measurement;

/// <summary>
/// A lock-free latency histogram in microseconds, shared by every socket of a run. Below 2,048 µs each microsecond
/// has its own bucket; above, each power of two is split into 1,024 buckets (0.1 % resolution), which keeps the whole
/// range up to hours in about 27,000 counters instead of one sample per message.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int LinearLimit = 2048;
    private const int SubBucketBits = 10;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int LowestExponent = 11;
    private const int Exponents = 63 - LowestExponent;

    private readonly long[] _counts = new long[LinearLimit + (Exponents * SubBuckets)];
    private long _count;
    private long _max;
    private long _negative;

    public long Count => Interlocked.Read(ref _count);

    /// <summary>Latencies that came out below zero (receipt before the producer's stamp): counted as 0, and reported.</summary>
    public long Negative => Interlocked.Read(ref _negative);

    public void Record(long micros)
    {
        if (micros < 0)
        {
            Interlocked.Increment(ref _negative);
            micros = 0;
        }

        Interlocked.Increment(ref _counts[Index(micros)]);
        Interlocked.Increment(ref _count);
        var max = Interlocked.Read(ref _max);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    public LatencySummary Summarize() =>
        new(Count, ValueAt(0.50), ValueAt(0.99), Interlocked.Read(ref _max), Negative);

    /// <summary>The smallest recorded value (to bucket resolution) that <paramref name="quantile"/> of samples do not exceed.</summary>
    private long ValueAt(double quantile)
    {
        var count = Count;
        if (count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * count);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperBound(i), Interlocked.Read(ref _max));
            }
        }

        return Interlocked.Read(ref _max);
    }

    private static int Index(long micros)
    {
        if (micros < LinearLimit)
        {
            return (int)micros;
        }

        var exponent = 63 - long.LeadingZeroCount(micros);
        var sub = (int)(micros >> (int)(exponent - SubBucketBits)) & (SubBuckets - 1);
        return LinearLimit + ((int)(exponent - LowestExponent) * SubBuckets) + sub;
    }

    private static long UpperBound(int index)
    {
        if (index < LinearLimit)
        {
            return index;
        }

        var exponent = ((index - LinearLimit) / SubBuckets) + LowestExponent;
        var sub = (index - LinearLimit) % SubBuckets;
        var width = 1L << (exponent - SubBucketBits);
        return ((SubBuckets + sub) * width) + width - 1;
    }
}
