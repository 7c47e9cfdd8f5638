using System.Diagnostics;
using Cereon.Bench.Cli;
using Cereon.Bench.Processes;
using Cereon.Bench.Targets;

namespace Cereon.Bench.FanOut;

/// <summary>
/// What a socket load reads of the server under test: when its CPU has settled, its RSS through a window, whether it
/// is still running, and a progress line naming it.
/// </summary>
internal static class ServerWatch
{
    internal static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(30);
    private const double SettledCpuPercent = 20;
    private static readonly TimeSpan SettleStep = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RssSampleInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Waits until the server's CPU drops below <see cref="SettledCpuPercent"/> of a core over a second (a fresh
    /// silo spends its first seconds compiling and starting Orleans), so neither the baseline RSS nor the window
    /// catches start-up work. Returns the last second's CPU: what the server costs with no sockets.
    /// </summary>
    internal static async Task<double> SettleAsync(ServerUnderTest server, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            var before = server.Process.CpuTime();
            await Task.Delay(SettleStep, cancellationToken);
            var percent = 100 * (server.Process.CpuTime() - before) / SettleStep;
            if (percent < SettledCpuPercent || Stopwatch.GetElapsedTime(started) >= SettleLimit)
            {
                Progress(server, $"settled at {percent:N0} % CPU after {Stopwatch.GetElapsedTime(started).TotalSeconds:N0} s");
                return percent;
            }
        }
    }

    /// <summary>
    /// Samples the server's RSS once a second through the window and returns the median: with thousands of sockets
    /// the GC grows and trims its heap in steps, and one reading can land on either side of a step.
    /// </summary>
    internal static async Task<long> SampleRssAsync(ServerUnderTest server, TimeSpan window, CancellationToken cancellationToken)
    {
        var samples = new List<long>();
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            samples.Add(ProcFs.StatusKiB(server.Process.Id, "VmRSS"));
            if (WindowSampling.NextDelay(window, Stopwatch.GetElapsedTime(started), RssSampleInterval) is not { } delay)
            {
                break;
            }

            await Task.Delay(delay, cancellationToken);
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    internal static void EnsureRunning(ServerUnderTest server)
    {
        if (server.Process.HasExited)
        {
            throw new BenchFailure($"{server.Process.Name} died during the run (exit code {server.Process.ExitCode}; 137 means SIGKILL, often the OOM killer). Its last output:{Environment.NewLine}{server.Process.Tail()}");
        }
    }

    internal static void Progress(ServerUnderTest server, string message) =>
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {server.Name}: {message}");
}
