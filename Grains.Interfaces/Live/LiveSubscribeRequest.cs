using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Interfaces.Live;

/// <summary>A gateway subscribing one client to a live card stream.</summary>
/// <param name="GatewayId">The gateway instance; its lease keeps the producer running.</param>
/// <param name="Cursor">
/// Whose acknowledged position a subscribe without a resume point resumes from: the client's subscription id scoped to
/// its caller by the gateway, so no caller resumes from, or moves, another's position. Acknowledgements are keyed by it.
/// </param>
/// <param name="ResumeSeq">Resume after this seq, if the client asks to.</param>
/// <param name="Epoch">The epoch the client last saw; a different one means its seq cannot be trusted.</param>
/// <param name="Topic">The topic subscribed to.</param>
/// <param name="ParamsJson">Canonical parameters, which the producer runs with.</param>
/// <param name="Caller">Who subscribes.</param>
[GenerateSerializer, Immutable, Alias("cereon.live-subscribe-request")]
public sealed record LiveSubscribeRequest(
    [property: Id(0)] string GatewayId,
    [property: Id(1)] string Cursor,
    [property: Id(2)] long? ResumeSeq,
    [property: Id(3)] string? Epoch,
    [property: Id(4)] string Topic,
    [property: Id(5)] string ParamsJson,
    [property: Id(6)] CardCaller Caller);
