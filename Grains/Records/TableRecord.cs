using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>Rows with named columns (kind <c>table</c>); <see cref="Columns"/> gives the display order.</summary>
public sealed record TableRecord(IReadOnlyList<object> Rows, IReadOnlyList<string> Columns) : CardRecord
{
    public int? TotalCount { get; init; }

    internal override string? LiteralKind => CardKinds.Table;

    internal override void WriteData(JsonObject wire)
    {
        wire["rows"] = WireValues.ToNode(Rows);
        wire["columns"] = WireValues.ToNode(Columns);
        wire["totalCount"] = TotalCount;
    }
}
