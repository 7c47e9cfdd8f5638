using System.Net;
using System.Net.Sockets;

namespace Cereon.Bench.Processes;

/// <summary>
/// A loopback port nobody listens on, found by letting the kernel pick one and releasing it. Another process could
/// take it before the server binds it; the server then fails to start, which the bench reports, so no retry here.
/// </summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }
}
