using System.Diagnostics;
using System.Net;
using Cereon.Bench.Cli;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Targets;

/// <summary>Waits for a freshly started server to answer <c>200</c>, or explains why it never did.</summary>
internal static class Readiness
{
    // Short, so a start-up time read from it is off by at most this much.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    public static async Task WaitAsync(ChildProcess process, Uri probe, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // No proxy: an http_proxy in the environment must not route loopback traffic elsewhere.
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            if (process.HasExited)
            {
                throw new BenchFailure($"{process.Name} exited with code {process.ExitCode} before answering {probe}. Its last output:{Environment.NewLine}{process.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(probe, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Listening but slow to answer while it starts.
            }

            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new BenchFailure($"{process.Name} did not answer {probe} with 200 within {timeout.TotalSeconds:0} s. Its last output:{Environment.NewLine}{process.Tail()}");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }
}
