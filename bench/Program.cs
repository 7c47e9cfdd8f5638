using Cereon.Bench.Ceiling;
using Cereon.Bench.Cli;
using Cereon.Bench.DurablePublish;
using Cereon.Bench.FanOut;
using Cereon.Bench.Host;
using Cereon.Bench.HttpCeiling;
using Cereon.Bench.Processes;
using Cereon.Bench.Soak;
using Cereon.Bench.Suite;

// The suite (every scenario, the default when no command is named) and scenarios that also run alone are commands.
// Hidden commands are the bench's own helper processes, started by a scenario rather than by hand.
IBenchCommand[] commands = [new SuiteCommand(), new FanOutCommand(), new CeilingServerCommand(), new HttpCeilingCommand(), new BenchHostCommand(), new ChurnCommand(), new SoakCommand(), new DurablePublishCommand()];

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
