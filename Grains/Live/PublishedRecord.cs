using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Records;

namespace Cereon.Grains.Live;

/// <summary>
/// Completes a record published from outside (the publish endpoint): the card's ids and kind are filled in, a
/// metadata object is turned into its JSON string, and the result must pass the same shape rules as handler records.
/// </summary>
internal static class PublishedRecord
{
    public static (JsonObject? Wire, string? Error) Complete(string recordJson, CardDescriptor card)
    {
        JsonObject record;
        try
        {
            if (JsonNode.Parse(recordJson) is not JsonObject parsed)
            {
                return (null, "a record must be a JSON object");
            }

            _ = parsed.Count;
            record = parsed;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            // ArgumentException is how JsonObject reports a duplicate key once its members are read.
            return (null, $"invalid JSON: {ex.Message}");
        }

        record["kind"] ??= card.Kind;
        record["cardId"] = card.CardId;
        record["reportId"] = card.ReportId;
        if (record["meta"] is JsonObject meta)
        {
            record["meta"] = meta.ToJsonString();
        }
        else if (!record.ContainsKey("meta"))
        {
            record["meta"] = null;
        }

        var error = RecordShape.Validate(record, card.Kind);
        return error is null ? (record, null) : (null, error);
    }
}
