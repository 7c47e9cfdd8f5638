using System.Diagnostics;
using Cereon.Bench.Cli;
using Cereon.Bench.Targets;

namespace Cereon.Bench.Setup;

/// <summary>
/// Installs what the suite needs from Debian's packages before anything starts, the way the test command does:
/// <c>scripts/services.sh install</c> puts in wrk (the cached-read rows), Redis and PostgreSQL (the distributed
/// cluster) when they are missing and does nothing when they are there.
/// </summary>
internal static class Prerequisites
{
    /// <summary>apt-get update plus the packages, on a slow mirror.</summary>
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(15);

    public static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        var script = Path.Combine(SiloBuild.FindRepositoryRoot(), "scripts", "services.sh");
        var start = new ProcessStartInfo(script)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("install");
        using var process = Process.Start(start) ?? throw new BenchFailure($"could not start {script}");

        // stdout is the table's; apt's progress goes where the bench's progress goes.
        var output = CopyToErrorAsync(process.StandardOutput);
        var errors = CopyToErrorAsync(process.StandardError);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(InstallTimeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new BenchFailure($"scripts/services.sh install did not finish within {InstallTimeout.TotalMinutes:0} minutes");
        }

        await Task.WhenAll(output, errors);
        if (process.ExitCode != 0)
        {
            throw new BenchFailure($"scripts/services.sh install exited {process.ExitCode} (its output is above); the bench needs wrk, Redis and PostgreSQL from Debian's packages");
        }
    }

    private static async Task CopyToErrorAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            await Console.Error.WriteLineAsync(line);
        }
    }
}
