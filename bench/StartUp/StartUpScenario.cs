using Cereon.Bench.Suite;
using Cereon.Bench.Targets;

namespace Cereon.Bench.StartUp;

/// <summary>
/// Process start to first 200, a few times each: the embedded silo to a card answered through its own gateway, and
/// the bare Kestrel ceiling to its health route. Each process is stopped before the next starts.
/// </summary>
internal static class StartUpScenario
{
    public const string CardPath = "/api/cards/mrr_overview";

    public static async Task<(TimeSpan Cereon, TimeSpan Ceiling, IReadOnlyList<TimeSpan> CereonRuns)> RunAsync(SiloLocation silo, int runs, CancellationToken cancellationToken)
    {
        var cereon = new List<TimeSpan>();
        var ceiling = new List<TimeSpan>();
        for (var i = 0; i < runs; i++)
        {
            await using (var server = await CereonSilo.StartAsync(silo, 0, CardPath, cancellationToken))
            {
                cereon.Add(server.StartedIn);
            }

            await using (var server = await HttpCeilingServer.StartAsync(null, null, null, cancellationToken))
            {
                ceiling.Add(server.StartedIn);
            }
        }

        return (Format.Median(cereon), Format.Median(ceiling), cereon);
    }
}
