using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Interfaces.Live;

/// <summary>
/// One live card stream (see <see cref="LiveCardKeys"/>): runs the card's producer once for the whole cluster while
/// any gateway holds a lease, numbers every message, retains recent ones for resume, and publishes each once to the
/// Orleans stream of the same key.
/// </summary>
[Alias("cereon.live-card")]
public interface ILiveCardGrain : IGrainWithStringKey
{
    /// <summary>Takes or renews the gateway's lease and answers what the client must receive before live messages.</summary>
    [Alias("subscribe")]
    Task<LiveSubscription> SubscribeAsync(LiveSubscribeRequest request);

    /// <summary>
    /// Keeps the gateway's lease alive (a gateway that stops renewing stops counting as a viewer) and answers where
    /// the stream stands, so the gateway can tell whether its subscription still hears everything.
    /// </summary>
    [Alias("renew")]
    Task<LiveStreamPosition> RenewLeaseAsync(LiveLease lease);

    /// <summary>The gateway has no more viewers of this stream.</summary>
    [Alias("release")]
    Task ReleaseLeaseAsync(string gatewayId);

    /// <summary>Retained messages after <paramref name="seq"/>, to close a gap seen by a gateway.</summary>
    [Alias("after")]
    Task<IReadOnlyList<LiveMessage>> GetAfterAsync(long seq);

    /// <summary>The last acknowledged seq of each subscription cursor (<see cref="LiveSubscribeRequest.Cursor"/>), batched by gateways.</summary>
    [Alias("ack")]
    Task AckAsync(IReadOnlyDictionary<string, long> lastAcked);

    /// <summary>Validates a flattened record and fans it out with the next seq; answered once stored.</summary>
    [Alias("publish")]
    Task<PublishResult> PublishAsync(string recordJson, string paramsJson);

    /// <summary>Hands a client message to the card; null when accepted, else the error to answer.</summary>
    [Alias("client-message")]
    Task<string?> HandleClientMessageAsync(string messageJson, string paramsJson, CardCaller caller);
}
