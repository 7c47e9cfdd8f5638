using Cereon.Bench.Cli;

namespace Cereon.Bench.FanOut;

/// <summary>
/// A time limit on one scenario against one server, above the sum of its own phases' limits. Should a wait inside it
/// never end, the run stops with a sentence naming the scenario and the stage it was stuck in rather than hanging
/// with thousands of sockets open.
/// </summary>
internal sealed class ScenarioDeadline : IDisposable
{
    private readonly string _scenario;
    private readonly TimeSpan _limit;
    private readonly CancellationToken _outer;
    private readonly CancellationTokenSource _source;

    public ScenarioDeadline(string scenario, TimeSpan limit, CancellationToken outer)
    {
        _scenario = scenario;
        _limit = limit;
        _outer = outer;
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _source.CancelAfter(limit);
    }

    /// <summary>Cancelled by the caller's token or when the limit runs out.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>What the scenario is doing now, for the failure message.</summary>
    public string Stage { get; set; } = "starting";

    /// <summary>True when the limit ran out, rather than the caller cancelling.</summary>
    public bool Expired => _source.IsCancellationRequested && !_outer.IsCancellationRequested;

    public BenchFailure Failure() =>
        new($"{_scenario} did not finish within {_limit.TotalSeconds:0} s (the sum of its phases' own limits and a margin); it was stuck {Stage}. Its sockets were dropped.");

    public void Dispose() => _source.Dispose();
}
