using System.Globalization;
using Cereon.Bench.Suite;

namespace Cereon.Bench.Soak;

/// <summary>
/// HTTP readers at full speed over a mix of cards: a cached read, a card read with a random <c>days</c> and a random
/// extra query parameter (every request a parameter set the silo has most likely never seen), and a streaming read
/// read to its end. The churn share can be switched off mid-run, which turns its requests into cached reads.
/// </summary>
internal sealed class MixedReads(string baseUrl, int concurrency, ReadMix mix)
{
    private long _requests;
    private long _failures;
    private volatile bool _churn = true;

    public long Requests => Interlocked.Read(ref _requests);

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Whether the churn share still sends new parameter sets; when off, those requests read the cached card.</summary>
    public bool Churn
    {
        get => _churn;
        set => _churn = value;
    }

    public async Task RunAsync(CancellationToken stop)
    {
        using var client = BenchHttp.Client(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(reader => ReadAsync(client, reader, stop)));
    }

    private async Task ReadAsync(HttpClient client, int reader, CancellationToken stop)
    {
        var random = new Random(reader);
        var buffer = new byte[16 * 1024];
        while (!stop.IsCancellationRequested)
        {
            var url = Next(random);
            try
            {
                using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, stop);
                await using var body = await response.Content.ReadAsStreamAsync(stop);
                while (await body.ReadAsync(buffer, stop) > 0)
                {
                }

                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref _failures);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
            {
                Interlocked.Increment(ref _failures);
            }

            Interlocked.Increment(ref _requests);
        }
    }

    private string Next(Random random)
    {
        var roll = random.Next(100);
        if (roll < mix.CachedPercent || (roll < mix.CachedPercent + mix.ChurnPercent && !_churn))
        {
            return baseUrl + "/api/cards/mrr_overview";
        }

        if (roll < mix.CachedPercent + mix.ChurnPercent)
        {
            var days = random.Next(1, 366).ToString(CultureInfo.InvariantCulture);
            var extra = random.NextInt64().ToString("x", CultureInfo.InvariantCulture);
            return $"{baseUrl}/api/cards/packages_commits_line?days={days}&r={extra}";
        }

        return baseUrl + "/api/cards/revenue_trend";
    }
}

/// <summary>Shares of the read mix, in percent; the rest are streaming reads.</summary>
internal sealed record ReadMix(int CachedPercent, int ChurnPercent)
{
    /// <summary>The mix of issue 12: 60 % cached, 30 % parameter churn, 10 % streaming.</summary>
    public static ReadMix Issue12 { get; } = new(60, 30);
}
