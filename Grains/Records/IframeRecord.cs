using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>An embedded page (kind <c>iframe</c>). <see cref="Width"/> and <see cref="Height"/> are a string or a number.</summary>
public sealed record IframeRecord(string Url) : CardRecord
{
    public string? Title { get; init; }
    public object? Width { get; init; }
    public object? Height { get; init; }

    internal override string? LiteralKind => CardKinds.Iframe;

    internal override void WriteData(JsonObject wire)
    {
        wire["url"] = Url;
        wire["title"] = Title;
        wire["width"] = WireValues.ToNode(Width);
        wire["height"] = WireValues.ToNode(Height);
    }
}
