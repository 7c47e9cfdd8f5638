using System.Text.Json.Nodes;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Records;

/// <summary>Markdown text (kind <c>markdown</c>).</summary>
public sealed record MarkdownRecord(string? Content) : CardRecord
{
    public string? RawMarkdown { get; init; }

    /// <summary>Styles for the front end, serialised as given.</summary>
    public object? Styles { get; init; }

    internal override string? LiteralKind => CardKinds.Markdown;

    internal override void WriteData(JsonObject wire)
    {
        wire["content"] = Content;
        wire["rawMarkdown"] = RawMarkdown;
        wire["styles"] = WireValues.ToNode(Styles);
    }
}
