namespace Cereon.Bench.Cli;

/// <summary>Picks the subcommand, turns expected failures into one line and an exit code, and prints usage.</summary>
internal static class BenchCli
{
    public const int Cancelled = 130;

    public static async Task<int> RunAsync(IReadOnlyList<IBenchCommand> commands, string[] args, CancellationToken cancellationToken)
    {
        if (args.Length > 0 && args[0] is "help" or "--help" or "-h")
        {
            WriteUsage(Console.Out, commands);
            return 0;
        }

        // No command, or options only (`-- --quick`): the whole suite.
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            args = [commands[0].Name, .. args];
        }

        var command = commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            await Console.Error.WriteLineAsync($"bench: unknown command '{args[0]}'");
            WriteUsage(Console.Error, commands);
            return BenchFailure.BadUsage;
        }

        try
        {
            return await command.RunAsync(CommandArgs.Parse(args[1..]), cancellationToken);
        }
        catch (BenchFailure failure)
        {
            await Console.Error.WriteLineAsync($"bench {command.Name}: {failure.Message}");
            return failure.ExitCode;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"bench {command.Name}: cancelled; its servers were stopped");
            return Cancelled;
        }
    }

    private static void WriteUsage(TextWriter output, IReadOnlyList<IBenchCommand> commands)
    {
        output.WriteLine("usage: dotnet run -c Release --project bench -- [<command>] [options]   (no command: the whole suite)");
        foreach (var command in commands)
        {
            if (command.Usage is { } usage)
            {
                output.WriteLine();
                output.WriteLine(usage);
            }
        }
    }
}
