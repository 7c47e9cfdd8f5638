namespace Cereon.Bench.Measurement;

/// <summary>What a server-to-client frame of protocol.md §6 is, as far as the fan-out client cares.</summary>
internal enum LiveMessageKind
{
    /// <summary>Not a JSON object.</summary>
    Invalid,

    /// <summary>A data message: has a <c>seq</c> and no <c>action</c>.</summary>
    Data,
    Subscribed,
    Ping,

    /// <summary><c>subscription_error</c>: the subscribe was refused.</summary>
    Refused,
    Error,

    /// <summary>Anything else (<c>pong</c>, <c>unsubscribed</c>, an action this client does not know).</summary>
    Other,
}
