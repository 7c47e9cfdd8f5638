using System.Globalization;
using System.Text.Json.Nodes;

namespace Cereon.Grains.Records;

/// <summary>The timing keys of protocol.md §3 metadata: ISO-8601 UTC with <c>Z</c>, elapsed milliseconds.</summary>
internal static class RecordTiming
{
    public static JsonObject Meta(DateTimeOffset startedAt, DateTimeOffset finishedAt) => new()
    {
        ["startedAt"] = Iso(startedAt),
        ["finishedAt"] = Iso(finishedAt),
        ["elapsedMs"] = Math.Round((finishedAt - startedAt).TotalMilliseconds, 3),
    };

    private static string Iso(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
