using Cereon.Bench.Measurement;

namespace Cereon.Bench.FanOut;

/// <summary>One row of the fan-out table, and the notes beneath it.</summary>
internal sealed record FanOutResult(
    string Scenario,
    string? Overrides,
    int Requested,
    int Subscribed,
    TimeSpan ConnectTime,
    TimeSpan Window,
    long Messages,
    long Bytes,
    LatencySummary Latency,
    long Gaps,
    long Missing,
    long Duplicates,
    long Errors,
    IReadOnlyDictionary<string, int> ConnectFailures,
    IReadOnlyDictionary<string, int> EndedEarly,
    long BaselineRssKiB,
    long LoadedRssKiB,
    long PeakRssKiB,
    double IdleServerCpuPercent,
    double ServerCpuPercent,
    double ClientCpuPercent,
    double OtherCpuPercent,
    double StealCpuPercent,
    double SourceRate)
{
    public double DeliveredPerSecond => Messages / Window.TotalSeconds;

    public double RssPerSocketKiB => Subscribed == 0 ? 0 : (LoadedRssKiB - BaselineRssKiB) / (double)Subscribed;

    /// <summary>Delivered messages over what a perfect fan-out of the observed source rate would deliver.</summary>
    public double Delivery => Subscribed == 0 || SourceRate == 0 ? 0 : DeliveredPerSecond / (Subscribed * SourceRate);

    public int EndedEarlyCount => EndedEarly.Values.Sum();

    public double MeanMessageBytes => Messages == 0 ? 0 : Bytes / (double)Messages;
}
