namespace Cereon.Grains.Demo.SaasMetrics;

/// <summary>A day of the revenue series; <see cref="RollingNew"/> sums <see cref="New"/> over the last 7 days.</summary>
internal sealed record RevenueDay(DateOnly Date, int Mrr, int New, int Expansion, int RollingNew);
