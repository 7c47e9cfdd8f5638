using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>The timing keys of protocol.md §3 metadata: ISO-8601 UTC with <c>Z</c>, elapsed milliseconds.</summary>
internal static class RecordTiming
{
    public static JsonObject Meta(DateTimeOffset startedAt, DateTimeOffset finishedAt) => new()
    {
        ["startedAt"] = WireTime.Format(startedAt),
        ["finishedAt"] = WireTime.Format(finishedAt),
        ["elapsedMs"] = Math.Round((finishedAt - startedAt).TotalMilliseconds, 3),
    };
}
