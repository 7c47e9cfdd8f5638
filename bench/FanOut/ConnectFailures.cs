using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net.WebSockets;
using Cereon.Bench.Cli;

namespace Cereon.Bench.FanOut;

/// <summary>
/// Why sockets failed to connect or subscribe, counted by cause. Limits get a plain-words cause and the fix, since at
/// 10,000 sockets they are the likely failure and the raw exception does not say which limit was hit.
/// </summary>
internal sealed class ConnectFailures
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    public int Total => _counts.Values.Sum();

    public IReadOnlyDictionary<string, int> ByCause => _counts;

    public void Add(string cause) => _counts.AddOrUpdate(cause, 1, (_, count) => count + 1);

    public static string Describe(Exception failure)
    {
        for (var ex = failure; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SocketException { SocketErrorCode: SocketError.TooManyOpenSockets }:
                    return "EMFILE, too many open files in the client: raise `ulimit -n`";
                case SocketException { SocketErrorCode: SocketError.AddressNotAvailable }:
                    return "EADDRNOTAVAIL, out of local (ephemeral) ports";
                case SocketException { SocketErrorCode: SocketError.ConnectionRefused }:
                    return "connection refused (server down, or its accept backlog full)";
                case SocketException { SocketErrorCode: SocketError.ConnectionReset }:
                    return "connection reset by the server (often its open-file limit)";
                case SocketException socket:
                    return $"socket error {socket.SocketErrorCode}";
                case BenchFailure bench:
                    return bench.Message;
                case TimeoutException or OperationCanceledException:
                    return "no 'subscribed' within the per-socket timeout";
                default:
                    break;
            }
        }

        var message = failure is WebSocketException socketFailure ? $"{socketFailure.WebSocketErrorCode}: {socketFailure.Message}" : failure.Message;
        return $"{failure.GetType().Name}: {message.Split('\n')[0]}";
    }
}
