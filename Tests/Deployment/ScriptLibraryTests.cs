using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Deployment;

/// <summary>The helpers in <c>scripts/lib/common.sh</c> that <c>cluster.sh</c> leans on to start and recognise its processes.</summary>
public sealed class ScriptLibraryTests
{
    /// <summary>
    /// <c>cluster.sh</c> starts a silo as <c>setsid env … dotnet Silo.dll</c> and checks the pid's command line
    /// right after. Every stage of that chain names the dll, and while the kernel swaps one stage's image for the
    /// next the command line reads empty, so a start that returned at an early stage let the readiness check take a
    /// live silo for dead (CI, 2026-11-30: "silo 1 exited while starting" with nothing in its log).
    /// </summary>
    [Fact]
    public async Task AwaitProgram_ReturnsOnlyOnceTheLastExecIsDone()
    {
        // The middle stage takes its time, as every stage may on a busy machine, and names the pattern as each stage
        // of the real chain names the dll. The reads run in the same shell right after await_program returns, as
        // cluster.sh's readiness check does; `read` is a builtin, so they come microseconds apart, fast enough to land
        // inside an exec. Each must find the final program: not an earlier stage, nor a blank one in mid-exec.
        var result = await RunLibraryAsync("""
            for round in {1..5}; do
              (exec setsid env A=1 bash -c 'sleep 0.2; exec sleep 120' 120) >/dev/null 2>&1 </dev/null &
              pid=$!
              await_program "$pid" sleep 120 10 || { echo "round $round: await_program failed"; exit 0; }
              seen=()
              for read in {1..2000}; do
                argv0=""
                IFS= read -r -d '' argv0 <"/proc/$pid/cmdline" || true
                [[ $argv0 == sleep ]] || seen+=("read $read: '$argv0'")
              done
              kill -KILL "$pid"
              if ((${#seen[@]})); then echo "round $round: ${#seen[@]} reads were not sleep, first ${seen[0]}"; exit 0; fi
            done
            echo ok
            """);

        Assert.Equal("ok", result.Output.Trim());
    }

    [Fact]
    public async Task AwaitProgram_Fails_WhenTheProcessExitsBeforeBecomingTheProgram()
    {
        var result = await RunLibraryAsync("(exec env A=1 false) & pid=$!; if await_program \"$pid\" sleep false 20; then echo ready; else echo gone; fi");

        Assert.Equal("gone", result.Output.Trim());
    }

    private static Task<CommandResult> RunLibraryAsync(string script) =>
        Commands.RunAsync(
            "bash", ["-c", $"set -euo pipefail; source scripts/lib/common.sh; {script}"], RepositoryFiles.Root, TimeSpan.FromSeconds(30));
}
