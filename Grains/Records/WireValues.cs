using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Cereon.Grains.Records;

/// <summary>Turns handler-supplied values into JSON nodes with their property names unchanged.</summary>
internal static class WireValues
{
    // The reflection resolver named rather than left for the first serialisation to fill in, so that type metadata
    // can be asked for before anything is serialised (ChartRecordWriter does).
    internal static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General) { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };
}
