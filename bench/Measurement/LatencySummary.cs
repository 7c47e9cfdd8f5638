namespace Cereon.Bench.Measurement;

/// <summary>What the latency columns print, in microseconds.</summary>
internal sealed record LatencySummary(long Count, long P50Micros, long P99Micros, long MaxMicros, long Negative);
