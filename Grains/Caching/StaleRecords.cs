using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;
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
            meta["staleSince"] = WireTime.Format(producedAt);
            meta["staleReason"] = reason;
            record["meta"] = meta.ToJsonString();
        }

        return RecordWriter.ToJsonArray(records.OfType<JsonObject>());
    }
}
