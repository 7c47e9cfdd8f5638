using System.Text.Json.Nodes;

namespace Cereon.Grains.Records;

/// <summary>
/// A typed record a handler produces. On the wire it is flattened (protocol.md §3): <c>kind</c>, <c>cardId</c>,
/// <c>reportId</c>, <c>meta</c> as a JSON string, and the data fields at top level.
/// </summary>
public abstract record CardRecord
{
    /// <summary>Extra metadata (for example <c>unit</c>); timing keys are added by the card grain.</summary>
    public JsonObject? Meta { get; init; }

    /// <summary>The literal kind this record carries, or null to take the card's kind.</summary>
    internal abstract string? LiteralKind { get; }

    /// <summary>Writes the data fields at the top level of the flattened record.</summary>
    internal abstract void WriteData(JsonObject wire);
}
