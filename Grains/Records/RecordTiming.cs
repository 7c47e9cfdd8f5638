using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>The timing keys of protocol.md §3 metadata: ISO-8601 UTC with <c>Z</c>, elapsed milliseconds.</summary>
internal static class RecordTiming
{
    public const string StartedAt = "startedAt";
    public const string FinishedAt = "finishedAt";
    public const string ElapsedMs = "elapsedMs";

    public static JsonObject Meta(DateTimeOffset startedAt, DateTimeOffset finishedAt) => new()
    {
        [StartedAt] = WireTime.Format(startedAt),
        [FinishedAt] = WireTime.Format(finishedAt),
        [ElapsedMs] = Elapsed(startedAt, finishedAt),
    };

    public static double Elapsed(DateTimeOffset startedAt, DateTimeOffset finishedAt) =>
        Math.Round((finishedAt - startedAt).TotalMilliseconds, 3);
}
