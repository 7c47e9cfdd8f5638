using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cereon.Grains.Records;

/// <summary>Turns handler-supplied values into JSON nodes with their property names unchanged.</summary>
internal static class WireValues
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General);

    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };
}
