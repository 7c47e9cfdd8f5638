using System.Diagnostics.Metrics;
using Cereon.Silo.Hosting;
using Microsoft.Extensions.Options;

namespace Cereon.Silo.Memory;

/// <summary>
/// Gives back the memory of activations Orleans has collected, when <see cref="MemoryReclaimTrigger"/> says so, with
/// one compacting collection that also decommits. Without it the space they leave stays committed until a gen-2
/// collection that compacts happens to come: with little allocation after the churn, sometimes not for many minutes
/// (BENCHMARKS.md, "Session 6: memory back-down"). Orleans sheds activations under memory pressure but never asks the
/// GC for anything.
/// </summary>
internal sealed partial class MemoryReclaimer(
    IOptions<MemoryOptions> options, IMeterFactory meters, TimeProvider time, ILogger<MemoryReclaimer> logger) : BackgroundService
{
    /// <summary>How often the activation count is read: often enough to act within a minute of a collection wave.</summary>
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(30);

    private static readonly Meter Meter = new("Cereon.Memory");

    private static readonly Counter<long> Reclaims = Meter.CreateCounter<long>(
        "cereon.memory.reclaims", "{collection}", "Compacting collections run after Orleans collected many activations.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var trigger = new MemoryReclaimTrigger(settings.ReclaimAfterActivationsGone, settings.ReclaimMinInterval, time);
        using var activations = new OrleansActivationCount(meters);
        using var timer = new PeriodicTimer(CheckInterval, time);
        Reclaims.Add(0);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (trigger.Check(activations.Read()) is { } gone)
            {
                Reclaim(gone);
            }
        }
    }

    private void Reclaim(long activationsGone)
    {
        var workingSetBefore = Environment.WorkingSet;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: false);
        var started = time.GetTimestamp();

        // Aggressive: a blocking, compacting gen-2 collection that also decommits the space it frees, so it leaves the
        // process's resident memory, not only the GC's free lists.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var pause = (long)time.GetElapsedTime(started).TotalMilliseconds;
        var workingSetAfter = Environment.WorkingSet;
        var heapAfter = GC.GetTotalMemory(forceFullCollection: false);
        Reclaims.Add(1);
        LogReclaimed(logger, activationsGone, workingSetBefore, workingSetAfter, heapBefore, heapAfter, pause);
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Memory reclaimed after {ActivationsGone} activations were collected: working set {WorkingSetBefore} -> {WorkingSetAfter} bytes, managed heap {HeapBefore} -> {HeapAfter} bytes, {PauseMs} ms")]
    private static partial void LogReclaimed(
        ILogger logger, long activationsGone, long workingSetBefore, long workingSetAfter, long heapBefore, long heapAfter, long pauseMs);
}
