using Cereon.Bench.Host;

namespace Cereon.Bench.Targets;

/// <summary>Starts the bench host: the embedded silo with the demo cards and the bench's cards, on free loopback ports.</summary>
internal static class BenchHost
{
    public const string Name = "cereon (bench host)";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static Task<HttpServer> StartAsync(int sockets, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(CereonSilo.FreeClusterPorts())
        {
            [CereonSilo.MaxConnectionsVariable] = CereonSilo.ConnectionCap(sockets),
        };
        return HelperServer.StartAsync(
            Name, BenchHostCommand.CommandName, "/api/reports", StartTimeout, environment,
            $"{CereonSilo.MaxConnectionsVariable}={environment[CereonSilo.MaxConnectionsVariable]}", cancellationToken);
    }

    public static string RunsPath(string key) => BenchHostCommand.RunsPath + Uri.EscapeDataString(key);
}
