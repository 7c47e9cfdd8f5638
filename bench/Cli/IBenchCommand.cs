namespace Cereon.Bench.Cli;

/// <summary>One subcommand of the bench: a scenario, or a helper process that a scenario starts.</summary>
internal interface IBenchCommand
{
    /// <summary>The word after <c>bench</c> on the command line.</summary>
    string Name { get; }

    /// <summary>Usage text for <c>bench help</c>; <see langword="null"/> hides the command.</summary>
    string? Usage { get; }

    /// <summary>Runs to completion and returns the process exit code.</summary>
    Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken);
}
