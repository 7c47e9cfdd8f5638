using System.Text.Json.Nodes;

namespace Cereon.Grains.Records;

/// <summary>
/// Chart points for any chart kind (line, bar, area, pie, radar, radial...). Each point is an object whose
/// property names reach the front end unchanged: anonymous objects, dictionaries or <see cref="JsonObject"/>s.
/// </summary>
public sealed record ChartRecord(IReadOnlyList<object> Data) : CardRecord
{
    /// <summary>The chart kind; null takes the card's kind.</summary>
    public string? Kind { get; init; }

    internal override string? LiteralKind => Kind;

    internal override void WriteData(JsonObject wire) => wire["data"] = WireValues.ToNode(Data);
}
