namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// Everything a gateway needs to know about a card to route and serve it, without holding the card's code.
/// Published by each silo into the cluster catalog.
/// </summary>
[GenerateSerializer, Immutable, Alias("cereon.card-descriptor")]
public sealed record CardDescriptor
{
    [Id(0)] public required string ReportId { get; init; }
    [Id(1)] public required string CardId { get; init; }
    [Id(2)] public required string Kind { get; init; }
    [Id(3)] public required string Transport { get; init; }

    /// <summary>Route prefix without a trailing slash; default <c>/api/cards</c>.</summary>
    [Id(4)] public string RoutePrefix { get; init; } = CardRoutes.DefaultPrefix;

    /// <summary>HTTP methods the card answers, upper case; default GET only.</summary>
    [Id(5)] public IReadOnlyList<string> Methods { get; init; } = ["GET"];

    /// <summary>
    /// How long a result stays cached in the card's grain; zero disables caching, null takes the silo's default. On a
    /// streaming card, how long requests share a run's recording after it ends; zero or null: one run per request.
    /// </summary>
    [Id(6)] public TimeSpan? CacheTtl { get; init; }

    [Id(7)] public string? Title { get; init; }

    /// <summary>Streaming-http format (<see cref="StreamFormats"/>).</summary>
    [Id(8)] public string StreamFormat { get; init; } = StreamFormats.Ndjson;

    /// <summary>Most records one streaming write may batch.</summary>
    [Id(9)] public int PacketSize { get; init; } = 1000;

    /// <summary>Streaming error policy (<see cref="StreamErrorPolicies"/>).</summary>
    [Id(10)] public string ErrorPolicy { get; init; } = StreamErrorPolicies.Skip;

    /// <summary>Record delimiter of the <c>delimited</c> format (written twice between records).</summary>
    [Id(11)] public string Delimiter { get; init; } = "\n";

    /// <summary>WebSocket heartbeat period; null takes the gateway's default (30 s unless configured).</summary>
    [Id(12)] public TimeSpan? Heartbeat { get; init; }

    /// <summary>Default WebSocket ack policy (<c>auto</c> or <c>manual</c>).</summary>
    [Id(13)] public string AckPolicy { get; init; } = "auto";

    /// <summary>Whether a WebSocket card accepts client messages beyond the protocol's own actions.</summary>
    [Id(14)] public bool AcceptsClientMessages { get; init; }

    /// <summary>
    /// Topics a WebSocket card serves; empty means one topic, named by the card's id or <c>default</c>
    /// (<see cref="Live.LiveTopics"/>).
    /// </summary>
    [Id(15)] public IReadOnlyList<string> Topics { get; init; } = [];

    /// <summary>Who may use the card (<see cref="CardAccess"/>); default public.</summary>
    [Id(16)] public string Access { get; init; } = CardAccess.Public;

    /// <summary>Roles of which the caller needs at least one; empty means no role is needed.</summary>
    [Id(17)] public IReadOnlyList<string> Roles { get; init; } = [];

    /// <summary>Claims the caller needs, every one of them, as <c>type=value</c>.</summary>
    [Id(18)] public IReadOnlyList<string> RequiredClaims { get; init; } = [];

    /// <summary>Whether results depend on who asks: cached and streamed per caller (by subject).</summary>
    [Id(19)] public bool VaryByCaller { get; init; }

    /// <summary>Claim types results depend on: cached and streamed per value of these claims.</summary>
    [Id(20)] public IReadOnlyList<string> VaryByClaims { get; init; } = [];

    /// <summary>
    /// Whether a WebSocket card also serves topics it does not declare, those its validator accepts; each is a stream
    /// of its own, bounded by the silo's producer cap per card and the gateway's rate of new streams per client.
    /// </summary>
    [Id(21)] public bool OpenTopics { get; init; }

    /// <summary>Whether the card is for signed-in callers only.</summary>
    public bool RequiresSignIn => Access == CardAccess.SignedIn || Roles.Count > 0 || RequiredClaims.Count > 0;

    /// <summary>Whether results depend on who asks (<see cref="VaryByCaller"/> or <see cref="VaryByClaims"/>).</summary>
    public bool DependsOnCaller => VaryByCaller || VaryByClaims.Count > 0;

    /// <summary>The path the card is served at: <c>{RoutePrefix}/{CardId}</c>.</summary>
    public string Route => CardRoutes.Combine(RoutePrefix, CardId);

    // Value equality over the lists too: a record compares them by reference, so two copies of one declaration
    // (one stored, one just deserialised) would never be equal and the catalog would rewrite and re-version itself.
    public bool Equals(CardDescriptor? other) =>
        other is not null
        && (ReportId, CardId, Kind, Transport, RoutePrefix, CacheTtl, Title, StreamFormat, PacketSize, ErrorPolicy, Delimiter, Heartbeat, AckPolicy, AcceptsClientMessages, Access, VaryByCaller, OpenTopics)
            == (other.ReportId, other.CardId, other.Kind, other.Transport, other.RoutePrefix, other.CacheTtl, other.Title, other.StreamFormat, other.PacketSize, other.ErrorPolicy, other.Delimiter, other.Heartbeat, other.AckPolicy, other.AcceptsClientMessages, other.Access, other.VaryByCaller, other.OpenTopics)
        && Methods.SequenceEqual(other.Methods)
        && Topics.SequenceEqual(other.Topics)
        && Roles.SequenceEqual(other.Roles)
        && RequiredClaims.SequenceEqual(other.RequiredClaims)
        && VaryByClaims.SequenceEqual(other.VaryByClaims);

    // Every field, since the catalog's version is built from these hashes: a change anywhere must change it.
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add((ReportId, CardId, Kind, Transport, RoutePrefix, CacheTtl, Title));
        hash.Add((StreamFormat, PacketSize, ErrorPolicy, Delimiter, Heartbeat, AckPolicy, AcceptsClientMessages));
        hash.Add((Access, VaryByCaller, OpenTopics));
        foreach (var value in Methods.Append("|").Concat(Topics).Append("|").Concat(Roles).Append("|").Concat(RequiredClaims).Append("|").Concat(VaryByClaims))
        {
            hash.Add(value);
        }

        return hash.ToHashCode();
    }
}
