using System.Runtime.InteropServices;

namespace Cereon.Bench.Suite;

/// <summary>The one table of a suite run, the command behind each scenario, and notes on the run.</summary>
internal sealed class SuiteReport
{
    private readonly List<ResultRow> _rows = [];
    private readonly List<(string Scenario, string Command)> _commands = [];
    private readonly List<string> _notes = [];

    public void Add(ResultRow row) => _rows.Add(row);

    public void Command(string scenario, string command) => _commands.Add((scenario, command));

    public void Note(string note) => _notes.Add(note);

    public void Write(TextWriter output, string suiteCommand, TimeSpan took)
    {
        output.WriteLine(Format.Invariant($"## Cereon benchmarks, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC"));
        output.WriteLine();
        output.WriteLine(Format.Invariant($"`{suiteCommand}`: {took.TotalSeconds:0} s. Machine: {Environment.ProcessorCount} cores, {MemoryTotal()}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}; load generator, servers and services share these cores, loopback only."));
        output.WriteLine();
        output.WriteLine("| scenario | measure | Cereon | ceiling | Cereon / ceiling | target | met |");
        output.WriteLine("|---|---|---:|---:|---:|---|---|");
        // In the order (rows are added in the order servers are shared); OrderBy is stable within a scenario.
        foreach (var row in _rows.OrderBy(r => Number(r.Scenario)))
        {
            var verdict = row.Verdict switch
            {
                Verdict.Met => "yes",
                Verdict.NotMet => "**no**",
                _ => string.Empty,
            };
            output.WriteLine($"| {row.Scenario} | {row.Measure} | {row.Cereon} | {row.Ceiling} | {row.Ratio} | {row.Target} | {verdict} |");
        }

        output.WriteLine();
        output.WriteLine("How each scenario was measured (every one started, loaded and stopped by the command above):");
        output.WriteLine();
        foreach (var (scenario, command) in _commands.OrderBy(c => Number(c.Scenario)))
        {
            output.WriteLine($"- {scenario}: {command}");
        }

        if (_notes.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Notes:");
            output.WriteLine();
            foreach (var note in _notes)
            {
                output.WriteLine($"- {note}");
            }
        }
    }

    /// <summary>The scenario's number in the issue: its label starts with it ("3. fan-out, …").</summary>
    private static int Number(string scenario) =>
        int.TryParse(scenario.AsSpan(0, Math.Max(0, scenario.IndexOf('.', StringComparison.Ordinal))), System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : int.MaxValue;

    private static string MemoryTotal()
    {
        var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kib = line is null ? 0 : long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        return Format.Invariant($"{kib / 1024.0 / 1024.0:0.0} GiB memory");
    }
}
