using Cereon.Bench.Cli;
using Cereon.Bench.Targets;

namespace Cereon.Bench.FanOut;

/// <summary>
/// The <c>fanout</c> scenario: N sockets on one live card, Cereon first and then the bare ceiling, in one run on the
/// same machine, so the table reads as "what the framework costs here" rather than as absolute numbers.
/// </summary>
internal sealed class FanOutCommand : IBenchCommand
{
    public string Name => "fanout";

    public string? Usage => FanOutSettings.Usage;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var settings = FanOutSettings.From(args);
        SocketLimits.EnsureEnough(settings.Sockets);

        var results = new List<FanOutResult>();
        if (settings.RunCereon)
        {
            var silo = await SiloBuild.EnsureAsync(settings.Rebuild, cancellationToken);
            await Console.Error.WriteLineAsync($"silo under test: {silo.Dll} (built {File.GetLastWriteTime(silo.Dll):yyyy-MM-dd HH:mm:ss})");
            await using var server = await CereonSilo.StartAsync(silo, settings.Sockets, "/api/reports", cancellationToken);
            results.Add(await FanOutLoad.RunAsync(server.Sockets("/api/cards/" + settings.Card), settings, cancellationToken));
        }

        if (settings.RunCeiling)
        {
            await using var server = await CeilingServer.StartAsync(cancellationToken);
            results.Add(await FanOutLoad.RunAsync(server, settings, cancellationToken));
        }

        FanOutReport.Write(Console.Out, settings, results);

        // Gaps and duplicates break the protocol's promise, so they fail the run even though it finished.
        return results.Any(r => r.Gaps > 0 || r.Duplicates > 0) ? BenchFailure.RunFailed : 0;
    }
}
