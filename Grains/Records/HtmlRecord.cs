using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>An HTML fragment (kind <c>html</c>).</summary>
public sealed record HtmlRecord(string? Content) : CardRecord
{
    public string? RawHtml { get; init; }

    /// <summary>Styles for the front end, serialised as given.</summary>
    public object? Styles { get; init; }

    internal override string? LiteralKind => CardKinds.Html;

    internal override void WriteData(JsonObject wire)
    {
        wire["content"] = Content;
        wire["rawHtml"] = RawHtml;
        wire["styles"] = WireValues.ToNode(Styles);
    }
}
