using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Cereon.Bench.Cli;

namespace Cereon.Bench.DurablePublish;

/// <summary>
/// Runs pgbench (it comes with Debian's PostgreSQL server package, which <c>scripts/services.sh install</c> puts in)
/// with a custom script against the cluster's database: the ceiling of what the database accepts.
/// </summary>
internal static partial class PgBench
{
    /// <summary>One pgbench thread per core, as wrk runs.</summary>
    private static readonly int Threads = Math.Max(1, Environment.ProcessorCount);

    public static string CommandLine(int clients, TimeSpan duration, string script, int port, string database) => string.Create(
        CultureInfo.InvariantCulture,
        $"pgbench -n -c {clients} -j {Threads} -T {duration.TotalSeconds:0} -f {Path.GetFileName(script)} -h 127.0.0.1 -p {port} -U postgres {database}");

    public static async Task<PgBenchResult> RunAsync(int clients, TimeSpan duration, string script, int port, string database, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("pgbench")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in CommandLine(clients, duration, script, port, database).Split(' ').Skip(1))
        {
            start.ArgumentList.Add(arg == Path.GetFileName(script) ? script : arg);
        }

        using var process = Process.Start(start) ?? throw new BenchFailure("could not start pgbench");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(duration + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var text = await output;
        var tps = Tps().Match(text);
        var latency = AverageLatency().Match(text);
        if (process.ExitCode != 0 || !tps.Success || !latency.Success)
        {
            throw new BenchFailure($"pgbench exited {process.ExitCode}: {text}{await errors}");
        }

        return new PgBenchResult(
            double.Parse(tps.Groups[1].Value, CultureInfo.InvariantCulture),
            TimeSpan.FromMilliseconds(double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture)));
    }

    [GeneratedRegex(@"^tps = ([\d.]+) \(without initial connection time\)", RegexOptions.Multiline)]
    private static partial Regex Tps();

    [GeneratedRegex(@"^latency average = ([\d.]+) ms", RegexOptions.Multiline)]
    private static partial Regex AverageLatency();
}

/// <summary>What one pgbench run measured: transactions per second and their average latency.</summary>
internal sealed record PgBenchResult(double TransactionsPerSecond, TimeSpan AverageLatency);
