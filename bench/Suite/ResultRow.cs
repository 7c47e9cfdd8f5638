namespace Cereon.Bench.Suite;

/// <summary>One line of the results table: a measure of Cereon beside the same measure of its ceiling, from one run.</summary>
internal sealed record ResultRow(string Scenario, string Measure, string Cereon, string Ceiling, string Ratio, string Target, Verdict Verdict);

/// <summary>Whether a row meets the target; <see cref="None"/> when the row has no target.</summary>
internal enum Verdict
{
    None,
    Met,
    NotMet,
}
