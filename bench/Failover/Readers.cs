using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Cereon.Bench.Suite;

namespace Cereon.Bench.Failover;

/// <summary>
/// Clients reading cached cards through both gateways in turn, as the failover tests do, recording when each request
/// started and ended and whether it succeeded.
/// </summary>
internal sealed class Readers(IReadOnlyList<Uri> gateways, int readers)
{
    /// <summary>A read slower than this counts as disturbed, like a failed one.</summary>
    public static readonly TimeSpan Slow = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentBag<(TimeSpan Started, TimeSpan Ended, bool Ok)> _results = [];
    private readonly long _origin = Stopwatch.GetTimestamp();

    public TimeSpan Now => Stopwatch.GetElapsedTime(_origin);

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, readers).Select(reader => ReadAsync(reader, stop)));

    /// <summary>Requests that ended after <paramref name="from"/>: how many, and how many failed.</summary>
    public (int Total, int Failed) CountSince(TimeSpan from) =>
        (_results.Count(r => r.Ended >= from), _results.Count(r => r.Ended >= from && !r.Ok));

    /// <summary>
    /// From the fault until reads succeed again: the end of the last request that failed or took longer than
    /// <see cref="Slow"/> among those that ended after the fault. Zero when none did.
    /// </summary>
    public TimeSpan RecoveryAfter(TimeSpan fault) =>
        _results.Where(r => r.Ended >= fault && (!r.Ok || r.Ended - r.Started > Slow))
            .Select(r => r.Ended - fault)
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();

    private async Task ReadAsync(int reader, CancellationToken stop)
    {
        using var http = BenchHttp.Client(RequestTimeout);
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            // Many parameter sets, so card grains live on every silo, including the one that will die.
            var days = 1 + (((reader * 7) + i) % 40);
            var url = new Uri(gateways[(reader + i) % gateways.Count], string.Create(CultureInfo.InvariantCulture, $"/api/cards/packages_commits_line?days={days}"));
            var started = Now;
            bool ok;
            try
            {
                using var response = await http.GetAsync(url, CancellationToken.None);
                await response.Content.ReadAsByteArrayAsync(CancellationToken.None);
                ok = response.IsSuccessStatusCode;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                ok = false;
            }

            _results.Add((started, Now, ok));
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
