namespace Cereon.Grains.Interfaces.Cards;

/// <summary>The card kinds of protocol.md §1. Any kind not listed as a non-chart kind is a chart kind.</summary>
public static class CardKinds
{
    public const string Number = "number";
    public const string Table = "table";
    public const string Markdown = "markdown";
    public const string Html = "html";
    public const string Iframe = "iframe";
    public const string Line = "line";
    public const string Bar = "bar";
    public const string Area = "area";
    public const string Pie = "pie";
    public const string Radar = "radar";
    public const string Radial = "radial";

    public static bool IsChart(string kind) =>
        !string.IsNullOrWhiteSpace(kind) && kind is not (Number or Table or Markdown or Html or Iframe);
}
