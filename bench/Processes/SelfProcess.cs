using System.Diagnostics;
using Cereon.Bench.Cli;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Cereon.Bench.Processes;

/// <summary>
/// This same executable, re-invoked with one of its hidden commands (a ceiling server, the bench host), so every
/// server the bench measures is a process of its own, measured the same way.
/// </summary>
internal static class SelfProcess
{
    public static ProcessStartInfo StartInfo(string command, params string[] args)
    {
        var host = Environment.ProcessPath ?? throw new InvalidOperationException("The bench cannot find its own executable");
        var start = new ProcessStartInfo(host);

        // Under `dotnet Cereon.Bench.dll` the process is the dotnet host, which needs the dll; under `dotnet run`
        // it is the bench's own apphost.
        if (string.Equals(Path.GetFileNameWithoutExtension(host), "dotnet", StringComparison.Ordinal))
        {
            start.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        start.ArgumentList.Add(command);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add("--parent-pid");
        start.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return start;
    }

    /// <summary>The options every helper command takes: its port (required) and the pid of the bench that started it.</summary>
    public static (int Port, int ParentPid) HelperOptions(CommandArgs args)
    {
        var port = args.Int("port", 0, 1, 65535);
        var parentPid = args.Int("parent-pid", 0, 0, int.MaxValue);
        return port == 0 ? throw new BenchFailure("--port is required", BenchFailure.BadUsage) : (port, parentPid);
    }

    /// <summary>Starts a helper's app and serves until the bench that started it is gone, Ctrl+C, or the host stops.</summary>
    public static async Task ServeWhileParentLivesAsync(WebApplication app, int parentPid, CancellationToken cancellationToken)
    {
        await app.StartAsync(cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        await WhileParentLivesAsync(parentPid, stop.Token);
        await app.StopAsync(CancellationToken.None);
    }

    /// <summary>
    /// Returns when the bench that started this helper is gone (or on cancellation). The bench kills its children on
    /// every exit it sees, but a SIGKILL of the bench would otherwise leave a server running with nobody to stop it.
    /// </summary>
    private static async Task WhileParentLivesAsync(int parentPid, CancellationToken cancellationToken)
    {
        try
        {
            while (parentPid == 0 || IsRunning(parentPid))
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or the host stopping: stop the server the same way.
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
