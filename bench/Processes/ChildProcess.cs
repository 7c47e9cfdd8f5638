using System.Diagnostics;
using Cereon.Bench.Cli;

namespace Cereon.Bench.Processes;

/// <summary>
/// A process the bench started: a server under test, or a build. It is killed when disposed, and
/// <see cref="KillAll"/> kills every one still running when the bench ends some other way (a second Ctrl+C,
/// SIGTERM, an unhandled exception), so no load target outlives a run. Its output is kept (the last lines only) to
/// explain a failure; it is never echoed, so a chatty server cannot slow the client's console.
/// </summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int TailLines = 40;
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);
    private static readonly Lock RunningGate = new();
    private static readonly HashSet<Process> Running = [];

    private readonly Process _process;
    private readonly Queue<string> _tail = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ChildProcess Start(string name, ProcessStartInfo start)
    {
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = new Process { StartInfo = start };
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => child.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => child.Remember(e.Data);

        // Registered under the same lock as the start, so a Ctrl+C racing the start cannot miss it.
        lock (RunningGate)
        {
            if (!process.Start())
            {
                process.Dispose();
                throw new BenchFailure($"Could not start {name} ({start.FileName})");
            }

            Running.Add(process);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>User plus system CPU time the process has used so far.</summary>
    public TimeSpan CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string Tail()
    {
        lock (_tail)
        {
            return _tail.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _tail);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        using (var wait = new CancellationTokenSource(ExitWait))
        {
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync($"warning: {Name} (pid {_process.Id}) did not exit {ExitWait.TotalSeconds:0} s after SIGKILL");
            }
        }

        lock (RunningGate)
        {
            Running.Remove(_process);
        }

        _process.Dispose();
    }

    public static void KillAll()
    {
        lock (RunningGate)
        {
            foreach (var process in Running)
            {
                Kill(process);
            }
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            // SIGKILL: the servers keep no state worth a graceful stop, and a bench must not wait on one.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_tail)
        {
            if (_tail.Count == TailLines)
            {
                _tail.Dequeue();
            }

            _tail.Enqueue(line);
        }
    }
}
