using Cereon.Hosting.Security;

namespace Cereon.Gateway.Security;

/// <summary>
/// Per-client limits (client = IP address, after <c>X-Forwarded-For</c> from known proxies). Section
/// <c>Cereon:RateLimits</c>. Defaults from the deployment guide.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Cereon:RateLimits";

    /// <summary>
    /// Whether the limits apply; default on in production mode and off in the embedded default, so that local load
    /// tests measure the system rather than the limiter. When switched on anywhere, the defaults below hold.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>Whether the limits apply in <paramref name="mode"/>.</summary>
    public bool AppliesIn(DeploymentMode mode) => Enabled ?? mode.IsProduction;

    /// <summary>API requests a client may make per second, sustained; default 10.</summary>
    public int ApiPermitsPerSecond { get; set; } = 10;

    /// <summary>API requests a client may make at once above the sustained rate; default 20.</summary>
    public int ApiBurst { get; set; } = 20;

    /// <summary>WebSocket upgrades a client may make per second, sustained; default 5.</summary>
    public int WebSocketPermitsPerSecond { get; set; } = 5;

    /// <summary>WebSocket upgrades a client may make at once above the sustained rate; default 10.</summary>
    public int WebSocketBurst { get; set; } = 10;

    /// <summary>Requests (open WebSockets included) one client may have in progress at once; default 20.</summary>
    public int ConcurrentRequestsPerClient { get; set; } = 20;

    /// <summary>
    /// Live card streams a client may start per second, over all its sockets, sustained; default 5. A subscribe to a
    /// stream this gateway has no viewers of yet may start a producer; past the rate the socket is closed with 1013.
    /// </summary>
    public int LiveStreamsPerSecond { get; set; } = 5;

    /// <summary>Live card streams a client may start at once above the sustained rate; default 10.</summary>
    public int LiveStreamBurst { get; set; } = 10;

    /// <summary>Messages a client may send on one WebSocket per second, sustained; default 20 (burst: twice that).</summary>
    public int SocketMessagesPerSecond { get; set; } = 20;
}
