namespace Cereon.Bench.Suite;

/// <summary>The bench's HTTP clients: no proxy (an http_proxy must not route loopback traffic), no connection cap.</summary>
internal static class BenchHttp
{
    public static HttpClient Client(TimeSpan timeout) =>
        new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            Timeout = timeout,
        };
}
