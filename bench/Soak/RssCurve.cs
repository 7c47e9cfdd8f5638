using System.Diagnostics;
using System.Globalization;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Soak;

/// <summary>The server's VmRSS sampled at a fixed interval for as long as the load runs, with the phase each sample fell in.</summary>
internal sealed class RssCurve(int pid, TimeSpan interval)
{
    private readonly List<RssSample> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyList<RssSample> Samples => _samples;

    public string Phase { get; set; } = "start";

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        Take();
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                Take();
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        Take();
    }

    /// <summary>The last sample taken in <paramref name="phase"/>, if any.</summary>
    public RssSample? Last(string phase) => _samples.LastOrDefault(s => s.Phase == phase);

    public RssSample? First(string phase) => _samples.FirstOrDefault(s => s.Phase == phase);

    public long MaxKiB => _samples.Count == 0 ? 0 : _samples.Max(s => s.KiB);

    /// <summary>The samples as a Markdown table: minutes, phase, RSS, load average.</summary>
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<RssSample> samples)
    {
        await output.WriteLineAsync("| min | phase | RSS MiB | load (1 min) |");
        await output.WriteLineAsync("|---:|---|---:|---:|");
        foreach (var point in samples)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {point.At.TotalMinutes:0.00} | {point.Phase} | {point.MiB:N0} | {point.Load} |"));
        }
    }

    private void Take() =>
        _samples.Add(new RssSample(_clock.Elapsed, ProcFs.StatusKiB(pid, "VmRSS"), Phase, File.ReadAllText("/proc/loadavg").Split(' ')[0]));
}

/// <summary>One reading: when, VmRSS, the load phase, and the machine's 1-minute load average then.</summary>
internal sealed record RssSample(TimeSpan At, long KiB, string Phase, string Load)
{
    public double MiB => KiB / 1024.0;
}
