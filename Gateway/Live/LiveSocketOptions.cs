namespace Cereon.Gateway.Live;

/// <summary>WebSocket settings of the gateway. Section <c>Cereon:WebSocket</c>.</summary>
public sealed class LiveSocketOptions
{
    public const string SectionName = "Cereon:WebSocket";

    /// <summary>
    /// Frames one socket may have waiting to be sent; default 512. A client that falls this far behind is closed
    /// with 1013 and resumes from retained history when it reconnects, so it never slows anyone else down.
    /// </summary>
    public int SendQueueCapacity { get; set; } = 512;

    /// <summary>Largest client message in bytes; default 65536. Larger closes the socket with 1009.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Server ping period for cards that declare none; default 30 s (the deployment guide's 30000 ms).</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Most WebSocket connections one gateway holds; past it upgrades get 503 with Retry-After. Unset (the default),
    /// it is derived at start from the memory this process may use and its open-file limit, and logged
    /// (<see cref="LiveConnectionLimit"/>); a value here wins.
    /// </summary>
    public int? MaxConnections { get; set; }

    /// <summary>Heartbeats a client may miss before its silent socket is closed; default 2.</summary>
    public int MissedHeartbeats { get; set; } = 2;

    /// <summary>Subscriptions one socket may hold; default 50.</summary>
    public int MaxSubscriptionsPerSocket { get; set; } = 50;

    /// <summary>
    /// How often the gateway renews its viewer leases on live cards; default 5 s, a third of the silo's lease TTL.
    /// A renewal also re-activates a stream whose silo died, so this bounds how long its viewers wait for updates.
    /// </summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often acknowledgements are forwarded to card grains in one batch; default 1 s.</summary>
    public TimeSpan AckFlushInterval { get; set; } = TimeSpan.FromSeconds(1);
}
