using System.Diagnostics;
using System.Globalization;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Targets;

/// <summary>Starts the embedded default (one process that is an Orleans silo and the gateway) on free loopback ports.</summary>
internal static class CereonSilo
{
    public const string Name = "cereon";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The gateway's cap on WebSocket connections (derived from memory and ulimit -n by default; past it upgrades get 503).</summary>
    public const string MaxConnectionsVariable = "Cereon__WebSocket__MaxConnections";

    /// <summary>Room above the socket count for the probe socket and anything still closing.</summary>
    private const int ConnectionSlack = 16;

    /// <summary>
    /// Starts it and waits for a 200 on <paramref name="readyPath"/>, which is what its start-up time is measured to;
    /// <paramref name="settings"/> are extra environment variables, such as a smaller cache budget.
    /// </summary>
    public static Task<HttpServer> StartAsync(
        SiloLocation silo, int sockets, string readyPath, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort.Next();
        var url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");

        // Working directory Silo/, so it reads Silo/appsettings.json like `dotnet run --project Silo` does.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = silo.Directory };
        start.ArgumentList.Add(silo.Dll);
        start.Environment["ASPNETCORE_URLS"] = url;

        // And on the command line, which outranks every other source: a "Urls" in appsettings.json outranks
        // ASPNETCORE_URLS and would otherwise move the silo off the bench's port (it did, while Silo/ had one).
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url);

        foreach (var (key, value) in FreeClusterPorts())
        {
            start.Environment[key] = value;
        }

        // The cap is an admission limit, not fan-out capacity, and the ceiling has none: raise it above the load so
        // the run measures delivery. The table's notes say so.
        var maxConnections = ConnectionCap(sockets);
        start.Environment[MaxConnectionsVariable] = maxConnections;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        return HttpServer.StartAsync(Name, start, url, readyPath, StartTimeout, $"{MaxConnectionsVariable}={maxConnections}", cancellationToken);
    }

    /// <summary>
    /// Free silo-to-silo and client ports, so a developer's silo or the test suite on the defaults (11111, 30000)
    /// neither collides with this one nor joins its localhost cluster.
    /// </summary>
    public static IReadOnlyDictionary<string, string> FreeClusterPorts() => new Dictionary<string, string>
    {
        ["Cereon__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
        ["Cereon__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
    };

    public static string ConnectionCap(int sockets) => (sockets + ConnectionSlack).ToString(CultureInfo.InvariantCulture);
}
