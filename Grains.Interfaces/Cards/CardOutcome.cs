namespace Cereon.Grains.Interfaces.Cards;

/// <summary>How a card request ended; the gateway maps each to an HTTP status.</summary>
[GenerateSerializer, Alias("cereon.card-outcome")]
public enum CardOutcome
{
    /// <summary>Records were produced (or served from cache).</summary>
    Ok = 0,

    /// <summary>No silo that took the request knows the card.</summary>
    UnknownCard = 1,

    /// <summary>The handler threw or timed out.</summary>
    HandlerFailed = 2,

    /// <summary>The handler produced a record that violates its shape (protocol.md §3).</summary>
    InvalidRecord = 3,

    /// <summary>The card is not served over the requested transport.</summary>
    WrongTransport = 4,
}
