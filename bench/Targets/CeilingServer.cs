using System.Globalization;
using Cereon.Bench.Ceiling;

namespace Cereon.Bench.Targets;

/// <summary>
/// Starts the bare WebSocket ceiling server: this same executable, re-invoked with the hidden <c>ceiling-server</c>
/// command, so it is a process of its own whose RSS is measured exactly like the silo's.
/// </summary>
internal static class CeilingServer
{
    public const string Name = "bare ceiling";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Starts it broadcasting every <paramref name="interval"/> (default 100 ms); a long one leaves its sockets idle.</summary>
    public static async Task<ServerUnderTest> StartAsync(CancellationToken cancellationToken, TimeSpan? interval = null)
    {
        var intervalMs = ((int)(interval ?? TimeSpan.FromMilliseconds(100)).TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        var server = await HelperServer.StartAsync(
            "the bare ceiling server", CeilingServerCommand.CommandName, CeilingServerCommand.HealthPath, StartTimeout, null, null, cancellationToken,
            "--interval-ms", intervalMs);
        return server.Sockets(CeilingServerCommand.SocketPath);
    }
}
