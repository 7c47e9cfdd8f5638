namespace Cereon.Gateway.Live;

/// <summary>
/// How a subscription's data messages are shaped (protocol.md §6). <see cref="Record"/>, the default, is the record
/// itself with the card's window, which the stock front end renders as it is; <see cref="Envelope"/> is the Python
/// SDK's <c>{"data": record, …}</c> for clients written against it.
/// </summary>
internal enum LiveFormat
{
    Record,
    Envelope,
}

internal static class LiveFormats
{
    /// <summary>The format a client named; null when it named one that does not exist.</summary>
    public static LiveFormat? Parse(string? name) => name switch
    {
        null or "record" => LiveFormat.Record,
        "envelope" => LiveFormat.Envelope,
        _ => null,
    };
}
