using System.Net;
using System.Net.Sockets;

namespace Cereon.Bench.Processes;

/// <summary>
/// Loopback ports nobody listens on, for the servers the bench and the tests start. Another process could take a
/// port before the server binds it; the server then fails to start, which the caller reports, so no retry here.
/// </summary>
internal static class FreePort
{
    /// <summary>One port, picked by the kernel and released.</summary>
    public static int Next()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)listener.LocalEndPoint!).Port;
    }

    /// <summary>
    /// The first of <paramref name="size"/> consecutive ports, all free now, at a multiple of <paramref name="size"/>
    /// between <paramref name="from"/> and <paramref name="to"/>, for a cluster whose ports are set as offsets from
    /// one base; null when 50 random tries find none.
    /// </summary>
    public static int? Block(int size, int from, int to)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var basePort = Random.Shared.Next(from, to) / size * size;
            if (Enumerable.Range(basePort, size).All(IsFree))
            {
                return basePort;
            }
        }

        return null;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
