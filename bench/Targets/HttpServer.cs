using System.Diagnostics;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Targets;

/// <summary>
/// A running HTTP server the bench started: its process (for RSS and CPU), its base URL, and how long it took from
/// process start to its first 200. Disposing it kills the process.
/// </summary>
internal sealed class HttpServer(string name, ChildProcess process, string baseUrl, TimeSpan startedIn, string? overrides = null) : IAsyncDisposable
{
    public string Name { get; } = name;

    public ChildProcess Process { get; } = process;

    public string BaseUrl { get; } = baseUrl;

    /// <summary>From just before the process was started to the first 200 on its readiness probe.</summary>
    public TimeSpan StartedIn { get; } = startedIn;

    public string? Overrides { get; } = overrides;

    public Uri Url(string pathAndQuery) => new(BaseUrl + pathAndQuery);

    /// <summary>This server as a WebSocket target at <paramref name="path"/>; it shares the process, so dispose only one of the two.</summary>
    public ServerUnderTest Sockets(string path) =>
        new(Name, Process, new Uri(BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal) + path), Overrides);

    public ValueTask DisposeAsync() => Process.DisposeAsync();

    /// <summary>Starts <paramref name="start"/> and waits for <paramref name="readyPath"/> to answer 200, timing both.</summary>
    public static async Task<HttpServer> StartAsync(
        string name, ProcessStartInfo start, string baseUrl, string readyPath, TimeSpan timeout, string? overrides, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var process = ChildProcess.Start(name, start);
        try
        {
            await Readiness.WaitAsync(process, new Uri(baseUrl + readyPath), timeout, cancellationToken);
        }
        catch
        {
            // Whatever stopped the start, the half-started server must not outlive it.
            await process.DisposeAsync();
            throw;
        }

        return new HttpServer(name, process, baseUrl, Stopwatch.GetElapsedTime(started), overrides);
    }
}
