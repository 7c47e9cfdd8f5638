using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cereon.Tests.Integration.Cluster;

/// <summary>Clients reading cached cards through every gateway in turn, recording when each request failed.</summary>
public sealed class HttpReaders(IReadOnlyList<Uri> gateways, int readers)
{
    private readonly ConcurrentBag<(TimeSpan Started, TimeSpan At, bool Ok, string Detail)> _results = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyList<TimeSpan> Failures => [.. _results.Where(r => !r.Ok).Select(r => r.At).Order()];

    /// <summary>What the failed requests answered: status and body, or the client-side error.</summary>
    public IReadOnlyList<string> FailureDetails => [.. _results.Where(r => !r.Ok).Select(r => r.Detail).Distinct()];

    public int Count => _results.Count;

    /// <summary>The longest any read waited for its answer, failed or not.</summary>
    public TimeSpan LongestWait => _results.Select(r => r.At - r.Started).DefaultIfEmpty(TimeSpan.Zero).Max();

    public TimeSpan Now => _clock.Elapsed;

    public Task RunAsync(CancellationToken stop) => Task.WhenAll(Enumerable.Range(0, readers).Select(reader => ReadAsync(reader, stop)));

    /// <summary>
    /// How long after <paramref name="fault"/> reads were disturbed: until the last request that failed or took
    /// longer than a second finished. Zero when none was.
    /// </summary>
    public TimeSpan RecoveryAfter(TimeSpan fault) =>
        _results.Where(r => r.At >= fault && (!r.Ok || r.At - r.Started > TimeSpan.FromSeconds(1)))
            .Select(r => r.At - fault)
            .DefaultIfEmpty(TimeSpan.Zero)
            .Max();

    private async Task ReadAsync(int reader, CancellationToken stop)
    {
        // Well above the Orleans call timeout, so a read that hangs is measured for as long as it really waits.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            // Many parameter sets, so card grains live on every silo, including the one that will die.
            var url = new Uri(gateways[(reader + i) % gateways.Count], $"/api/cards/packages_commits_line?days={1 + ((reader * 7) + i) % 40}");
            var started = _clock.Elapsed;
            bool ok;
            string detail;
            try
            {
                using var response = await http.GetAsync(url, CancellationToken.None);
                ok = response.IsSuccessStatusCode;
                detail = ok ? string.Empty : $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                ok = false;
                detail = ex.Message;
            }

            _results.Add((started, _clock.Elapsed, ok, detail));
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
