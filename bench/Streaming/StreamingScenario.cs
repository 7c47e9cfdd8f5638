using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cereon.Bench.Measurement;
using Cereon.Bench.Suite;

namespace Cereon.Bench.Streaming;

/// <summary>Time to the first record of a slow stream, and throughput of a large NDJSON stream.</summary>
internal static partial class StreamingScenario
{
    /// <summary>
    /// Reads the first line of <paramref name="url"/> <paramref name="samples"/> times (after one unmeasured read) and
    /// returns, per sample, receipt minus the <c>producedTicks</c> the handler stamped on the record as it yielded it.
    /// </summary>
    public static async Task<FirstRecordResult> FirstRecordAsync(Uri url, int samples, CancellationToken cancellationToken)
    {
        using var client = BenchHttp.Client(TimeSpan.FromSeconds(30));
        var clock = new ReceiveClock();
        var afterYield = new List<TimeSpan>();
        var afterRequest = new List<TimeSpan>();
        for (var i = 0; i <= samples; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var (line, received) = await FirstLineAsync(body, cancellationToken);
            var produced = ProducedTicks().Match(line);
            if (!produced.Success)
            {
                throw new Cli.BenchFailure($"{url} sent a first line without producedTicks: {line}");
            }

            if (i > 0)
            {
                afterYield.Add(TimeSpan.FromTicks(clock.UtcTicks(received) - long.Parse(produced.Groups[1].Value, CultureInfo.InvariantCulture)));
                afterRequest.Add(Stopwatch.GetElapsedTime(sent, received));
            }
        }

        afterYield.Sort();
        return new FirstRecordResult(Format.Median(afterYield), afterYield[^1], Format.Median(afterRequest));
    }

    /// <summary>One unmeasured read of the whole stream: its bytes, and the records it had if it ended early.</summary>
    public static async Task<(byte[] Body, int? AbortedAfter)> CaptureAsync(Uri url, CancellationToken cancellationToken)
    {
        using var client = BenchHttp.Client(TimeSpan.FromMinutes(2));
        var read = await ReadAsync(client, url, cancellationToken);
        return (read.Body.ToArray(), read.AbortedAfter);
    }

    /// <summary>
    /// Reads each stream until it stops getting faster (see <see cref="SteadyWarmUp"/>), then both
    /// <paramref name="runs"/> times, turn about, so that both see the same machine: a fresh silo serves its first 50 or
    /// so reads of 100,000 records at a third of its later rate while the JIT tiers the record path, and a shared
    /// machine's load changes from second to second. A read that ends early is counted, not timed.
    /// </summary>
    public static async Task<BulkComparison> BulkAsync(
        Uri cereon, Uri ceiling, WarmUpLimits warmUp, int runs, CancellationToken cancellationToken)
    {
        using var client = BenchHttp.Client(TimeSpan.FromMinutes(2));
        var cereonReads = new BulkReads();
        var ceilingReads = new BulkReads();
        var cereonWarmUp = await WarmUpAsync(token => ReadAsync(client, cereon, token), warmUp, cereonReads, cancellationToken);
        var ceilingWarmUp = await WarmUpAsync(token => ReadAsync(client, ceiling, token), warmUp, ceilingReads, cancellationToken);
        for (var i = 0; i < runs; i++)
        {
            cereonReads.Add(await ReadAsync(client, cereon, cancellationToken), measured: true);
            ceilingReads.Add(await ReadAsync(client, ceiling, cancellationToken), measured: true);
        }

        return new BulkComparison(cereonReads.Result(), ceilingReads.Result(), cereonWarmUp, ceilingWarmUp);
    }

    /// <summary>
    /// Reads in windows (of the reads' own time, so that the time between reads does not count) until
    /// <see cref="SteadyWarmUp"/> says the stream is warm; the reads are tallied unmeasured.
    /// </summary>
    public static async Task<BulkWarmUp> WarmUpAsync(
        Func<CancellationToken, Task<BulkRead>> read, WarmUpLimits limits, BulkReads reads, CancellationToken cancellationToken)
    {
        var rates = new List<double>();
        var warmed = TimeSpan.Zero;
        do
        {
            var inWindow = TimeSpan.Zero;
            long bytes = 0;
            while (inWindow < limits.Window)
            {
                var next = await read(cancellationToken);
                reads.Add(next, measured: false);
                inWindow += next.Elapsed;
                bytes += next.Body.Length;
            }

            rates.Add(bytes / 1e6 / inWindow.TotalSeconds);
            warmed += inWindow;
        }
        while (!SteadyWarmUp.IsDone(rates, warmed, limits.Least, limits.Most));

        return new BulkWarmUp(warmed, rates);
    }

    /// <summary>One whole read, timed up to its last byte (the body is buffered, not copied, within the time).</summary>
    private static async Task<BulkRead> ReadAsync(HttpClient client, Uri url, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var copy = new MemoryStream();
        try
        {
            await body.CopyToAsync(copy, cancellationToken);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            var received = copy.GetBuffer().AsMemory(0, (int)copy.Length);
            return new BulkRead(received, Stopwatch.GetElapsedTime(sent), received.Span.Count((byte)'\n'));
        }

        var elapsed = Stopwatch.GetElapsedTime(sent);
        return new BulkRead(copy.GetBuffer().AsMemory(0, (int)copy.Length), elapsed, null);
    }

    private static async Task<(string Line, long Received)> FirstLineAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var length = 0;
        while (true)
        {
            var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
            var received = Stopwatch.GetTimestamp();
            if (read == 0)
            {
                throw new Cli.BenchFailure("the stream ended before its first line");
            }

            var newline = Array.IndexOf(buffer, (byte)'\n', length, read);
            length += read;
            if (newline >= 0)
            {
                return (Encoding.UTF8.GetString(buffer, 0, newline), received);
            }
        }
    }

    [GeneratedRegex("\"producedTicks\":(\\d+)")]
    private static partial Regex ProducedTicks();
}

/// <summary>First record: median and worst time from the handler's yield to receipt, and median from the request.</summary>
internal sealed record FirstRecordResult(TimeSpan MedianAfterYield, TimeSpan MaxAfterYield, TimeSpan MedianAfterRequest);

/// <summary>
/// A large stream: median MB/s (10^6 bytes) over the measured reads that completed, the reads made, and the records
/// each read that ended early had received.
/// </summary>
internal sealed record BulkResult(double? MegabytesPerSecond, int Reads, IReadOnlyList<int> Aborted);

/// <summary>How long a large stream was read before it was measured, and its MB/s in each window of that.</summary>
internal sealed record BulkWarmUp(TimeSpan Warmed, IReadOnlyList<double> WindowRates);

/// <summary>A large stream's reads beside the ceiling's, and how long each was warmed first.</summary>
internal sealed record BulkComparison(BulkResult Cereon, BulkResult Ceiling, BulkWarmUp CereonWarmUp, BulkWarmUp CeilingWarmUp);

/// <summary>One read of a large stream: what arrived, how long it took, and the records it had if it ended early.</summary>
internal sealed record BulkRead(ReadOnlyMemory<byte> Body, TimeSpan Elapsed, int? AbortedAfter);

/// <summary>The reads of one large stream, as they are made.</summary>
internal sealed class BulkReads
{
    private readonly List<double> _rates = [];
    private readonly List<int> _aborted = [];
    private int _reads;

    public void Add(BulkRead read, bool measured)
    {
        _reads++;
        if (read.AbortedAfter is { } records)
        {
            _aborted.Add(records);
        }
        else if (measured)
        {
            _rates.Add(read.Body.Length / 1e6 / read.Elapsed.TotalSeconds);
        }
    }

    public BulkResult Result()
    {
        _rates.Sort();
        return new BulkResult(_rates.Count == 0 ? null : _rates[_rates.Count / 2], _reads, _aborted);
    }
}
