using System.Diagnostics;

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

    /// <summary>
    /// Returns when the bench that started this helper is gone (or on cancellation). The bench kills its children on
    /// every exit it sees, but a SIGKILL of the bench would otherwise leave a server running with nobody to stop it.
    /// </summary>
    public static async Task WhileParentLivesAsync(int parentPid, CancellationToken cancellationToken)
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
