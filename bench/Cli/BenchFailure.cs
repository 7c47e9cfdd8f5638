namespace Cereon.Bench.Cli;

/// <summary>
/// A failure the bench can explain in a sentence (bad usage, a limit hit, a server that would not start). It is
/// printed as that sentence, without a stack trace, and sets the exit code.
/// </summary>
internal sealed class BenchFailure(string message, int exitCode = BenchFailure.RunFailed) : Exception(message)
{
    public const int RunFailed = 1;
    public const int BadUsage = 2;

    public int ExitCode { get; } = exitCode;
}
