using System.Globalization;

namespace Cereon.Bench.Soak;

/// <summary>
/// Where the server's memory is, read from its own <c>/metrics</c> beside each RSS sample: the managed heap after
/// the last collection, what the GC keeps committed, how many card activations exist, and how many grain locations
/// Orleans' directory cache holds (one per parameter set the churn sent, until the cache needs the room). RSS alone
/// cannot tell live objects from memory the GC holds on to, nor either from activations waiting for their idle age.
/// </summary>
internal sealed class ServerMemory(Uri metrics) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);
    private readonly HttpClient _client = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = Timeout };

    /// <summary>The reading, or null when the endpoint did not answer in time (the RSS sample is still taken).</summary>
    public async Task<MemoryReading?> ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var text = await _client.GetStringAsync(metrics, cancellationToken);
            return Parse(text);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>Sums the series of the Prometheus text that the reading needs.</summary>
    public static MemoryReading Parse(string prometheusText)
    {
        double heap = 0, committed = 0, cards = 0, directoryCache = 0;
        foreach (var line in prometheusText.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{"))
            {
                heap += Value(line);
            }
            else if (line.StartsWith("dotnet_gc_last_collection_memory_committed_size_bytes"))
            {
                committed += Value(line);
            }
            else if (line.StartsWith("orleans_catalog_activations{") && line.Contains("grain_type=\"card\"", StringComparison.Ordinal))
            {
                cards += Value(line);
            }
            else if (line.StartsWith("orleans_directory_cache_size{"))
            {
                directoryCache += Value(line);
            }
        }

        return new MemoryReading(heap / (1024 * 1024), committed / (1024 * 1024), (long)cards, (long)directoryCache);
    }

    private static double Value(ReadOnlySpan<char> line)
    {
        // "name{labels} value", "name value", either with a timestamp after it.
        var labelsEnd = line.LastIndexOf('}');
        var rest = line[((labelsEnd < 0 ? line.IndexOf(' ') : labelsEnd) + 1)..].Trim();
        var end = rest.IndexOf(' ');
        return double.Parse(end < 0 ? rest : rest[..end], NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}

/// <summary>One reading of <see cref="ServerMemory"/>, in MiB, activations and directory cache entries.</summary>
internal sealed record MemoryReading(double HeapMiB, double CommittedMiB, long CardActivations, long DirectoryCacheEntries);
