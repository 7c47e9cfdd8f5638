using System.Diagnostics;
using System.Globalization;
using Cereon.Bench.Processes;

namespace Cereon.Bench.Soak;

/// <summary>
/// The server's VmRSS sampled at a fixed interval for as long as the load runs, with the phase each sample fell in,
/// and, when <paramref name="memory"/> is given, the server's own reading of its heap and card activations.
/// </summary>
internal sealed class RssCurve(int pid, TimeSpan interval, ServerMemory? memory = null)
{
    private readonly List<RssSample> _samples = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public IReadOnlyList<RssSample> Samples => _samples;

    public string Phase { get; set; } = "start";

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        await TakeAsync(CancellationToken.None);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await TakeAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        await TakeAsync(CancellationToken.None);
    }

    public long MaxKiB => _samples.Count == 0 ? 0 : _samples.Max(s => s.KiB);

    /// <summary>The samples as a Markdown table: minutes, phase, RSS, the server's heap readings if any, load average.</summary>
    public static async Task WriteAsync(TextWriter output, IReadOnlyList<RssSample> samples)
    {
        var withMemory = samples.Any(s => s.Memory is not null);
        await output.WriteLineAsync(withMemory
            ? "| min | phase | RSS MiB | GC heap MiB | GC committed MiB | card activations | directory cache | load (1 min) |"
            : "| min | phase | RSS MiB | load (1 min) |");
        await output.WriteLineAsync(withMemory ? "|---:|---|---:|---:|---:|---:|---:|---:|" : "|---:|---|---:|---:|");
        foreach (var point in samples)
        {
            var readings = !withMemory ? string.Empty
                : point.Memory is { } m ? string.Create(CultureInfo.InvariantCulture, $" {m.HeapMiB:N0} | {m.CommittedMiB:N0} | {m.CardActivations:N0} | {m.DirectoryCacheEntries:N0} |")
                : " | | | |";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"| {point.At.TotalMinutes:0.00} | {point.Phase} | {point.MiB:N0} |{readings} {point.Load} |"));
        }
    }

    private async Task TakeAsync(CancellationToken stop)
    {
        var at = _clock.Elapsed;
        var phase = Phase;
        var kib = ProcFs.StatusKiB(pid, "VmRSS");
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];
        var reading = memory is null ? null : await memory.ReadAsync(stop);
        _samples.Add(new RssSample(at, kib, phase, load, reading));
    }
}

/// <summary>One reading: when, VmRSS, the load phase, the machine's 1-minute load average then, and the server's own memory reading.</summary>
internal sealed record RssSample(TimeSpan At, long KiB, string Phase, string Load, MemoryReading? Memory = null)
{
    public double MiB => KiB / 1024.0;
}
