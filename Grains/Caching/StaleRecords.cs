using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Records;

namespace Cereon.Grains.Caching;

/// <summary>Flags a stored result as stale in each record's <c>meta</c>, so the front end can say the data is old.</summary>
internal static class StaleRecords
{
    public static byte[] Mark(byte[] body, DateTimeOffset producedAt, string reason)
    {
        var records = JsonNode.Parse(body)!.AsArray();
        foreach (var record in records.OfType<JsonObject>())
        {
            var meta = record["meta"]?.GetValueKind() == JsonValueKind.String
                ? JsonNode.Parse(record["meta"]!.GetValue<string>()) as JsonObject ?? []
                : [];
            meta["stale"] = true;
            meta["staleSince"] = producedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            meta["staleReason"] = reason;
            record["meta"] = meta.ToJsonString();
        }

        return RecordWriter.ToJsonArray(records.OfType<JsonObject>());
    }
}
