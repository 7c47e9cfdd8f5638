using System.Net.WebSockets;

namespace Cereon.Gateway.Live;

/// <summary>Close codes beyond <see cref="WebSocketCloseStatus"/>'s names. The stock front end reconnects on all of them.</summary>
internal static class CloseCodes
{
    /// <summary>1012: the gateway is restarting; reconnect (to another) and resume.</summary>
    public const WebSocketCloseStatus ServiceRestart = (WebSocketCloseStatus)1012;

    /// <summary>1013: the client fell too far behind; reconnect and resume from retained history.</summary>
    public const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;

    /// <summary>4000: no message from the client for the allowed number of heartbeats.</summary>
    public const WebSocketCloseStatus HeartbeatTimeout = (WebSocketCloseStatus)4000;

    /// <summary>4001: the token the socket was opened with expired; reconnect with a fresh one and resume.</summary>
    public const WebSocketCloseStatus TokenExpired = (WebSocketCloseStatus)4001;
}
