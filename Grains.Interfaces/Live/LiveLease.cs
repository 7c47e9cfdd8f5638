using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Interfaces.Live;

/// <summary>
/// A gateway's lease on a live card stream, renewed while it has viewers. It carries what its viewers subscribed with,
/// so an activation that no subscribe has reached (the stream's silo died, or a renewal overtook the first subscribe)
/// runs the producer as they asked, not with empty parameters.
/// </summary>
/// <param name="GatewayId">The gateway instance holding the lease.</param>
/// <param name="Topic">The stream's topic.</param>
/// <param name="ParamsJson">The stream's canonical parameters.</param>
/// <param name="Caller">The caller as the gateway scoped it for this stream (anonymous unless the card depends on it).</param>
[GenerateSerializer, Immutable, Alias("cereon.live-lease")]
public sealed record LiveLease(
    [property: Id(0)] string GatewayId,
    [property: Id(1)] string Topic,
    [property: Id(2)] string ParamsJson,
    [property: Id(3)] CardCaller Caller);
