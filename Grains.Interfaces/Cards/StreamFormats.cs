namespace Cereon.Grains.Interfaces.Cards;

/// <summary>The streaming-http formats of protocol.md §5.</summary>
public static class StreamFormats
{
    public const string Ndjson = "ndjson";
    public const string Sse = "sse";
    public const string Delimited = "delimited";
    public const string Json = "json";

    public static bool IsKnown(string format) => format is Ndjson or Sse or Delimited or Json;
}
