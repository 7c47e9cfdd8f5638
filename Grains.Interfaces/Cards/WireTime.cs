using System.Globalization;

namespace Cereon.Grains.Interfaces.Cards;

/// <summary>How instants travel on the wire (protocol.md §3, §6): ISO-8601 UTC with milliseconds and a <c>Z</c>.</summary>
public static class WireTime
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
