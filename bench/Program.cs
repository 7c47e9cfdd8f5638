using Cereon.Bench.Ceiling;
using Cereon.Bench.Cli;
using Cereon.Bench.FanOut;
using Cereon.Bench.Processes;

// Each scenario is a subcommand; a new one (cached read, cold storm, streaming, start-up) is one more entry here.
// Hidden commands are the bench's own helper processes, started by a scenario rather than by hand.
IBenchCommand[] commands = [new FanOutCommand(), new CeilingServerCommand()];

using var cancel = new CancellationTokenSource();

// The first Ctrl+C unwinds the scenario, whose disposals stop its servers and print what they can.
// A second one ends the process at once; ProcessExit below still takes the children with it.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcess.KillAll();
AppDomain.CurrentDomain.UnhandledException += (_, _) => ChildProcess.KillAll();

return await BenchCli.RunAsync(commands, args, cancel.Token);
