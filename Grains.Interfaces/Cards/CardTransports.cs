namespace Cereon.Grains.Interfaces.Cards;

/// <summary>The transports of protocol.md §1, spelled as they travel on the wire and in the catalog.</summary>
public static class CardTransports
{
    public const string Http = "http";
    public const string StreamingHttp = "streaming-http";
    public const string WebSocket = "websocket";
}
