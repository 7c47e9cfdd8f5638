using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>A single figure (kind <c>number</c>). <see cref="Trend"/> is <c>up</c>, <c>down</c> or <c>neutral</c>.</summary>
public sealed record NumberRecord(double Value) : CardRecord
{
    public double? PreviousValue { get; init; }
    public string? Trend { get; init; }
    public double? TrendPercentage { get; init; }
    public string? Label { get; init; }

    internal override string? LiteralKind => CardKinds.Number;

    internal override void WriteData(JsonObject wire)
    {
        wire["value"] = Value;
        wire["previousValue"] = PreviousValue;
        wire["trend"] = Trend;
        wire["trendPercentage"] = TrendPercentage;
        wire["label"] = Label;
    }
}
