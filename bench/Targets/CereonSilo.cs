using System.Diagnostics;
using System.Globalization;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Targets;

/// <summary>Starts the embedded default (one process that is an Orleans silo and the gateway) on free loopback ports.</summary>
internal static class CereonSilo
{
    public const string Name = "cereon";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The gateway's cap on WebSocket connections (default 1000; past it upgrades get 503).</summary>
    public const string MaxConnectionsVariable = "Cereon__WebSocket__MaxConnections";

    /// <summary>Room above the socket count for the probe socket and anything still closing.</summary>
    private const int ConnectionSlack = 16;

    public static async Task<ServerUnderTest> StartAsync(SiloLocation silo, string cardId, int sockets, CancellationToken cancellationToken)
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

        // Free silo-to-silo and client ports too, so a developer's silo or the test suite on the defaults
        // (11111, 30000) neither collides with this one nor joins its localhost cluster.
        start.Environment["Cereon__Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Cereon__Cluster__GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);

        // The cap is an admission limit, not fan-out capacity, and the ceiling has none: raise it above the load so
        // the run measures delivery. The table's notes say so.
        var maxConnections = (sockets + ConnectionSlack).ToString(CultureInfo.InvariantCulture);
        start.Environment[MaxConnectionsVariable] = maxConnections;

        var process = ChildProcess.Start("the Cereon silo", start);
        try
        {
            await Readiness.WaitAsync(process, new Uri(url + "/api/reports"), StartTimeout, cancellationToken);
        }
        catch
        {
            // Whatever stopped the start, the half-started silo must not outlive it.
            await process.DisposeAsync();
            throw;
        }

        return new ServerUnderTest(
            Name,
            process,
            new Uri(string.Create(CultureInfo.InvariantCulture, $"ws://127.0.0.1:{port}/api/cards/{cardId}")),
            $"{MaxConnectionsVariable}={maxConnections}");
    }
}
