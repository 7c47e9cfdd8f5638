using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Cards;

/// <summary>
/// Declares a card: its report, id and kind, and how it is served. The transport follows from the base class
/// (<see cref="HttpCard"/>, <see cref="StreamingCard"/>, <see cref="LiveCard"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class CardAttribute(string reportId, string cardId, string kind) : Attribute
{
    public string ReportId { get; } = reportId;
    public string CardId { get; } = cardId;
    public string Kind { get; } = kind;

    /// <summary>Route prefix; default <c>/api/cards</c>.</summary>
    public string RoutePrefix { get; init; } = CardRoutes.DefaultPrefix;

    /// <summary>HTTP methods answered; default GET only.</summary>
    public string[] Methods { get; init; } = ["GET"];

    /// <summary>
    /// Seconds a result stays cached in the card's grain; 0 caches nothing (single flight only). Default: the silo's
    /// <c>Cereon:Cache:DefaultTtl</c>. On a streaming card, requests share one handler run and its recording for this
    /// long after the run ends; default (and 0): one run per request.
    /// </summary>
    public double CacheTtlSeconds { get; init; } = double.NaN;

    /// <summary>Human title for the catalog and status page; default none.</summary>
    public string? Title { get; init; }

    /// <summary>Streaming format (<see cref="StreamFormats"/>); default ndjson.</summary>
    public string Format { get; init; } = StreamFormats.Ndjson;

    /// <summary>Most records one streaming write batches; default 1000.</summary>
    public int PacketSize { get; init; } = 1000;

    /// <summary>Streaming error policy (<see cref="StreamErrorPolicies"/>); default skip.</summary>
    public string ErrorPolicy { get; init; } = StreamErrorPolicies.Skip;

    /// <summary>Delimiter of the <c>delimited</c> format; default a newline.</summary>
    public string Delimiter { get; init; } = "\n";

    /// <summary>WebSocket heartbeat period in milliseconds. Default: the gateway's <c>Cereon:WebSocket:HeartbeatInterval</c>.</summary>
    public int HeartbeatMs { get; init; }

    /// <summary>
    /// Topics a WebSocket card serves; default none listed, which means one topic, named by the card's id (or
    /// <c>default</c>, or no topic at all). To serve topics chosen at run time, override <see cref="LiveCard.IsValidTopic"/>.
    /// </summary>
    public string[] Topics { get; init; } = [];

    /// <summary>Default WebSocket ack policy, <c>auto</c> or <c>manual</c>; default auto.</summary>
    public string AckPolicy { get; init; } = "auto";

    /// <summary>
    /// Who may use the card (<see cref="CardAccess"/>): <c>public</c> (default) or <c>signed-in</c>. Listing
    /// <see cref="Roles"/> or <see cref="RequiredClaims"/> makes a card signed-in on its own.
    /// </summary>
    public string Access { get; init; } = CardAccess.Public;

    /// <summary>Roles of which a caller needs at least one; default none.</summary>
    public string[] Roles { get; init; } = [];

    /// <summary>Claims a caller needs, all of them, written <c>type=value</c>; default none.</summary>
    public string[] RequiredClaims { get; init; } = [];

    /// <summary>
    /// Whether the result depends on who asks. Then the handler sees the caller's claims, and results are cached
    /// and streamed per caller; otherwise the handler sees an anonymous caller, since its result is shared.
    /// </summary>
    public bool VaryByCaller { get; init; }

    /// <summary>
    /// Claim types the result depends on (for example a tenant): the handler sees these claims, and results are
    /// cached and streamed per value of them, shared by callers who have the same values.
    /// </summary>
    public string[] VaryByClaims { get; init; } = [];
}
