using Cereon.Bench.Targets;

namespace Cereon.Bench.StartUp;

/// <summary>
/// Process start to first 200, a few times each: the embedded silo to a card answered through its own gateway, and
/// the bare Kestrel ceiling to its health route. Each process is stopped before the next starts. The suite adds the
/// starts it already timed (its first embedded silo and ceiling), so <c>--quick</c> needs no extra start.
/// </summary>
internal static class StartUpScenario
{
    public const string CardPath = "/api/cards/mrr_overview";

    public static async Task<(IReadOnlyList<TimeSpan> Cereon, IReadOnlyList<TimeSpan> Ceiling)> RunAsync(
        SiloLocation silo, int runs, IEnumerable<TimeSpan> cereonSoFar, IEnumerable<TimeSpan> ceilingSoFar, CancellationToken cancellationToken)
    {
        var cereon = cereonSoFar.ToList();
        var ceiling = ceilingSoFar.ToList();
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

        return (cereon, ceiling);
    }
}
