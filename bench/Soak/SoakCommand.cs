using Cereon.Bench.Cli;
using Cereon.Bench.FanOut;
using Cereon.Bench.Targets;
using static Cereon.Bench.Suite.Format;

namespace Cereon.Bench.Soak;

/// <summary>The soak alone, its RSS curve and verdicts as Markdown on stdout.</summary>
internal sealed class SoakCommand : IBenchCommand
{
    public string Name => "soak";

    public string? Usage => SoakSettings.Usage;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var settings = SoakSettings.From(args);
        args.RejectUnknown();
        SocketLimits.EnsureEnough(settings.Sockets);
        var silo = await SiloBuild.EnsureAsync(rebuild: false, cancellationToken);
        var result = await SoakScenario.RunAsync(silo, settings, cancellationToken);
        await Write(Console.Out, result);
        return result.Met ? 0 : BenchFailure.RunFailed;
    }

    public static async Task Write(TextWriter output, SoakResult result)
    {
        var s = result.Settings;
        await output.WriteLineAsync(Invariant($"## Soak: {s.Baseline.TotalMinutes:0} min without churn, {(s.WarmUp + s.Steady).TotalMinutes:0} min mixed load ({s.WarmUp.TotalMinutes:0} warm-up), {s.CoolDown.TotalMinutes:0} min without churn{(s.Cycles > 1 ? Invariant($", churn and cool-down {s.Cycles} times") : string.Empty)}"));
        await output.WriteLineAsync();
        await RssCurve.WriteAsync(output, result.Curve);

        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"- load: {s.Sockets:N0} sockets on showcase_ticker ({result.Subscribed:N0} subscribed, {result.StillSubscribed:N0} still at the end); {s.Readers} HTTP readers, 60 % mrr_overview, 30 % packages_commits_line with random days and a random extra parameter, 10 % revenue_trend read to its end; {s.TopicsPerSecond} invented topics of showcase_ticker subscribed and unsubscribed per second on one more socket"));
        await output.WriteLineAsync(Invariant($"- {result.Requests:N0} HTTP reads, {result.FailedRequests:N0} failed; {result.TopicAnswers:N0} topic subscriptions answered, {result.TopicRefusals:N0} of them with subscription_error"));
        await output.WriteLineAsync(Invariant($"- steady-phase growth {result.SteadyGrowth:P1} (target < 5 %); highest steady RSS {result.SteadyMaxMiB:N0} MiB"));
        await output.WriteLineAsync(Invariant($"- RSS before the churn {result.BaselineMiB:N0} MiB, after {s.CoolDown.TotalMinutes:0} min without it {result.AfterMiB:N0} MiB ({result.AfterMiB / result.BaselineMiB - 1:+0.0 %;-0.0 %}; target within {SoakResult.ComeBackTolerance:P0}, each the median of the phase's last three samples): {(result.CameDown ? "came back down" : "did NOT come back down")}"));
        if (s.Cycles > 1)
        {
            await output.WriteLineAsync(Invariant($"- RSS after each cycle's cool-down: {string.Join(" → ", result.AfterEachCycleMiB.Select(mib => Invariant($"{mib:N0}")))} MiB (a churn that leaves memory behind each time rises from cycle to cycle; the verdict judges the last)"));
        }

        await output.WriteLineAsync(Invariant($"- verdict {(result.Met ? "met" : "NOT met")}"));
        await output.WriteLineAsync(Invariant($"- load average at the end: {ChurnCommand.LoadAverage()} on {Environment.ProcessorCount} cores"));
    }
}
