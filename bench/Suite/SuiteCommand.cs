using System.Diagnostics;
using Cereon.Bench.Cli;
using Cereon.Bench.FanOut;
using Cereon.Bench.Setup;
using Cereon.Bench.Targets;

namespace Cereon.Bench.Suite;

/// <summary>
/// Every scenario of issue 8 in one run, each beside its ceiling measured in the same run, as one Markdown table on
/// stdout and in <c>bench/results/latest.md</c>. Every server is started here and stopped before the run ends.
/// </summary>
internal sealed class SuiteCommand : IBenchCommand
{
    public const string CommandName = "all";

    public string Name => CommandName;

    public string? Usage => SuiteSettings.Usage;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var settings = SuiteSettings.From(args);
        SocketLimits.EnsureEnough(settings.MaxSockets);
        await Prerequisites.EnsureInstalledAsync(cancellationToken);
        var silo = await SiloBuild.EnsureAsync(rebuild: false, cancellationToken);
        var started = Stopwatch.GetTimestamp();
        var report = new SuiteReport();
        var work = Directory.CreateTempSubdirectory("cereon-bench-");
        var run = new SuiteRun(settings, silo, report, work.FullName);
        try
        {
            await run.RunAsync(cancellationToken);
        }
        finally
        {
            work.Delete(recursive: true);
        }

        var took = Stopwatch.GetElapsedTime(started);
        report.Note(LoadNote());
        report.Write(Console.Out, settings.CommandLine, took);
        var results = Path.Combine(SiloBuild.FindRepositoryRoot(), "bench", "results", "latest.md");
        Directory.CreateDirectory(Path.GetDirectoryName(results)!);
        await using (var file = File.CreateText(results))
        {
            report.Write(file, settings.CommandLine, took);
        }

        await Console.Error.WriteLineAsync($"written to {results}");
        return run.Failed ? BenchFailure.RunFailed : 0;
    }

    private static string LoadNote()
    {
        var load = File.ReadAllText("/proc/loadavg").Split(' ');
        return $"Load average at the end: {load[0]} (1 min), {load[1]} (5 min) on {Environment.ProcessorCount} cores. The machine is shared with other engineers' builds and tests, so absolute figures are noisy; each Cereon figure is measured next to its ceiling, in the same run, to cancel most of it.";
    }
}
