using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Cereon.Bench.Cli;
using Cereon.Bench.Processes;

namespace Cereon.Bench.CachedRead;

/// <summary>
/// Runs wrk (Debian's package) against one URL and reads its <c>--latency</c> report. wrk is the generator the
/// issue's targets were measured with, and it costs the shared cores far less than a .NET client would.
/// </summary>
internal static partial class Wrk
{
    public const int Connections = 64;

    /// <summary>One wrk thread per core: wrk shares the machine with the server it loads.</summary>
    public static readonly int Threads = Math.Max(1, Environment.ProcessorCount);

    public static string CommandLine(TimeSpan duration, string url, string? header = null) =>
        string.Create(CultureInfo.InvariantCulture, $"wrk -t{Threads} -c{Connections} -d{duration.TotalSeconds:0}s --latency {(header is null ? string.Empty : $"-H '{header}' ")}{url}");

    /// <summary>
    /// Loads <paramref name="url"/> for <paramref name="duration"/> over <paramref name="connections"/> connections,
    /// each request carrying <paramref name="header"/> ("Name: value") when given, shaped by the Lua
    /// <paramref name="script"/> (a file) when given.
    /// </summary>
    public static async Task<WrkResult> RunAsync(
        Uri url, TimeSpan duration, CancellationToken cancellationToken, string? header = null, string? script = null, int connections = Connections)
    {
        var start = new ProcessStartInfo("wrk");
        foreach (var arg in new[] { $"-t{Threads}", string.Create(CultureInfo.InvariantCulture, $"-c{connections}"), string.Create(CultureInfo.InvariantCulture, $"-d{duration.TotalSeconds:0}s"), "--latency" })
        {
            start.ArgumentList.Add(arg);
        }

        if (header is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add(header);
        }

        if (script is not null)
        {
            start.ArgumentList.Add("-s");
            start.ArgumentList.Add(script);
        }

        start.ArgumentList.Add(url.ToString());

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new BenchFailure("could not start wrk");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(duration + TimeSpan.FromSeconds(30));
        var machineBefore = MachineCpu.Read();
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var busy = MachineCpu.Busy(machineBefore, MachineCpu.Read());
        var text = await output;
        if (process.ExitCode != 0)
        {
            throw new BenchFailure($"wrk exited {process.ExitCode}: {text}{await errors}");
        }

        return Parse(text, busy / duration);
    }

    public static WrkResult Parse(string report, double machineBusyCores)
    {
        var rps = RequestsPerSecond().Match(report);
        var p50 = Percentile("50", report);
        var p99 = Percentile("99", report);
        if (!rps.Success || p50 is null || p99 is null)
        {
            throw new BenchFailure($"could not read wrk's report:{Environment.NewLine}{report}");
        }

        var non2xx = Non2xx().Match(report);
        var socketErrors = SocketErrors().Match(report);
        return new WrkResult(
            double.Parse(rps.Groups[1].Value, CultureInfo.InvariantCulture),
            p50.Value,
            p99.Value,
            non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0,
            socketErrors.Success ? socketErrors.Value.Trim() : null,
            machineBusyCores);
    }

    private static TimeSpan? Percentile(string percent, string report)
    {
        var match = Regex.Match(report, $@"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline, TimeSpan.FromSeconds(1));
        if (!match.Success)
        {
            return null;
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => TimeSpan.FromMicroseconds(value),
            "ms" => TimeSpan.FromMilliseconds(value),
            _ => TimeSpan.FromSeconds(value),
        };
    }

    [GeneratedRegex(@"^Requests/sec:\s+([\d.]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"^\s*Non-2xx or 3xx responses:\s+(\d+)", RegexOptions.Multiline)]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors:[^\n]*")]
    private static partial Regex SocketErrors();
}

/// <summary>What one wrk run measured, and how busy the whole machine was meanwhile (cores).</summary>
internal sealed record WrkResult(double RequestsPerSecond, TimeSpan P50, TimeSpan P99, long Non2xx, string? SocketErrors, double MachineBusyCores)
{
    /// <summary>Rounds of equal length as one: mean rate, median p50, worst p99, every error.</summary>
    public static WrkResult Combine(IReadOnlyList<WrkResult> rounds) => new(
        rounds.Average(r => r.RequestsPerSecond),
        rounds.Select(r => r.P50).Order().ElementAt(rounds.Count / 2),
        rounds.Max(r => r.P99),
        rounds.Sum(r => r.Non2xx),
        rounds.Select(r => r.SocketErrors).FirstOrDefault(e => e is not null),
        rounds.Average(r => r.MachineBusyCores));
}
