using System.Collections.Concurrent;

namespace Cereon.Bench.Host;

/// <summary>
/// How many times a bench card's handler ran, by the request's <c>key</c> parameter. The cards run in the bench host
/// process, which serves these counts at <see cref="BenchHostCommand.RunsPath"/>, so the bench counts real runs.
/// </summary>
internal static class HandlerRuns
{
    private static readonly ConcurrentDictionary<string, int> Runs = new(StringComparer.Ordinal);

    public static void Record(string key) => Runs.AddOrUpdate(key, 1, (_, n) => n + 1);

    public static int Of(string key) => Runs.GetValueOrDefault(key);
}
