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

    /// <summary>
    /// Reads the whole stream <paramref name="runs"/> times after one unmeasured read, whose bytes it returns. A read
    /// that ends early (the connection closed before the last record) is counted, not timed.
    /// </summary>
    public static async Task<BulkResult> BulkAsync(Uri url, int runs, CancellationToken cancellationToken)
    {
        using var client = BenchHttp.Client(TimeSpan.FromMinutes(2));
        byte[] first = [];
        var rates = new List<double>();
        var aborted = new List<int>();
        for (var i = 0; i <= runs; i++)
        {
            var sent = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var copy = new MemoryStream();
            try
            {
                await body.CopyToAsync(copy, cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                aborted.Add(copy.ToArray().Count(b => b == (byte)'\n'));
                first = i == 0 ? copy.ToArray() : first;
                continue;
            }

            var elapsed = Stopwatch.GetElapsedTime(sent);
            if (i == 0)
            {
                first = copy.ToArray();
            }
            else
            {
                rates.Add(copy.Length / 1e6 / elapsed.TotalSeconds);
            }
        }

        rates.Sort();
        return new BulkResult(rates.Count == 0 ? null : rates[rates.Count / 2], first, aborted);
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
/// A large stream: median MB/s (10^6 bytes) over the measured reads that completed, the first read's bytes, and the
/// records each read that ended early had received.
/// </summary>
internal sealed record BulkResult(double? MegabytesPerSecond, byte[] Body, IReadOnlyList<int> Aborted);
