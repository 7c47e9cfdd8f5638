using System.Diagnostics;
using System.Globalization;
using Cereon.Bench.Suite;

namespace Cereon.Bench.ColdStorm;

/// <summary>
/// N concurrent first requests for one card key whose handler takes 200 ms: how many times the handler ran (the
/// card's own counter, read back from the server) and when the requests completed, counted from the storm's start.
/// </summary>
internal static class ColdStormScenario
{
    public static async Task<StormResult> RunAsync(Uri warmUrl, Func<string, Uri> cardUrl, Func<string, Uri> runsUrl, int requests, CancellationToken cancellationToken)
    {
        using var client = BenchHttp.Client(TimeSpan.FromSeconds(60));

        // Every connection is opened first, so the storm measures the card and not 1,000 TCP handshakes at once.
        await Task.WhenAll(Enumerable.Range(0, requests).Select(async _ =>
        {
            using var response = await client.GetAsync(warmUrl, cancellationToken);
        }));

        var key = Guid.NewGuid().ToString("N");
        var url = cardUrl(key);
        var started = Stopwatch.GetTimestamp();
        var completions = await Task.WhenAll(Enumerable.Range(0, requests).Select(async _ =>
        {
            try
            {
                using var response = await client.GetAsync(url, cancellationToken);
                await response.Content.ReadAsByteArrayAsync(cancellationToken);
                return (Ok: response.IsSuccessStatusCode, At: Stopwatch.GetElapsedTime(started));
            }
            catch (HttpRequestException)
            {
                return (Ok: false, At: Stopwatch.GetElapsedTime(started));
            }
        }));

        var runs = int.Parse(await client.GetStringAsync(runsUrl(key), cancellationToken), CultureInfo.InvariantCulture);
        var times = completions.Select(c => c.At).Order().ToList();
        return new StormResult(runs, completions.Count(c => !c.Ok), Format.Quantile(times, 0.5), Format.Quantile(times, 0.99), times[^1]);
    }
}

internal sealed record StormResult(int HandlerRuns, int Failed, TimeSpan P50, TimeSpan P99, TimeSpan Max);
