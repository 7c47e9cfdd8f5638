using Cereon.Bench.Cli;
using Cereon.Bench.Processes;

namespace Cereon.Bench.FanOut;

/// <summary>
/// Checks before connecting that this machine can hold the sockets at all. .NET cannot raise its own open-file limit,
/// so a run past it would die half-way with EMFILE; this says what to type instead.
/// </summary>
internal static class SocketLimits
{
    /// <summary>Files a process needs besides its sockets: the runtime, Kestrel, Orleans, logs.</summary>
    private const int Headroom = 1024;

    public static void EnsureEnough(int sockets)
    {
        // Each socket is one descriptor in the client and one in the server; both processes inherit this limit.
        var needed = sockets + Headroom;
        if (ProcFs.OpenFilesLimit() is var (soft, hard) && soft < needed)
        {
            var raise = hard >= 65536 ? "ulimit -n 65536" : $"ulimit -n {hard}   (the hard limit here is {hard}; raising it needs root)";
            var fits = hard >= needed ? string.Empty : $" Even the hard limit ({hard}) is below the {needed} needed, so use fewer sockets.";
            throw new BenchFailure(
                $"{sockets} sockets need about {needed} open files in the client and in the server (one descriptor per socket), " +
                $"but `ulimit -n` is {soft}. Raise it in the same shell, then rerun:{Environment.NewLine}    {raise}{Environment.NewLine}" +
                $"e.g. bash -c 'ulimit -n 65536 && dotnet run -c Release --project bench -- fanout --sockets {sockets}'.{fits}");
        }

        // Loopback connections to one server port each take a local port from this range.
        if (ProcFs.EphemeralPortCount() is { } ports && ports < sockets + Headroom)
        {
            throw new BenchFailure(
                $"{sockets} sockets need as many local ports, but net.ipv4.ip_local_port_range offers {ports}. " +
                "Widen it (sysctl -w net.ipv4.ip_local_port_range=\"1024 65535\") or use fewer sockets.");
        }
    }
}
