using Cereon.Bench.Soak;

namespace Cereon.Tests.Bench.Soak;

/// <summary>
/// The soak's "memory comes back down" verdict compares where RSS settles after the cool-down with where the same load
/// settled before the churn, and the server's own /metrics reading beside each sample is parsed from Prometheus text.
/// </summary>
public sealed class SoakVerdictTests
{
    [Fact]
    public void StayingAtTheSteadyLevel_AfterTheChurn_IsNotComingDown()
    {
        // The shape of the session 3 run: RSS 470 MiB after the cool-down, against about 360 before the churn.
        var result = Result(baseline: [250, 340, 358, 359, 364], steady: [410, 450, 466], coolDown: [459, 466, 470, 473]);

        Assert.False(result.CameDown);
        Assert.False(result.Met);
        Assert.Equal(359, result.BaselineMiB);
        Assert.Equal(470, result.AfterMiB);
    }

    [Fact]
    public void SettlingWithinTheTolerance_OfTheBaseline_IsComingDown()
    {
        var result = Result(baseline: [250, 340, 358, 359, 364], steady: [410, 450, 466], coolDown: [460, 420, 390, 385, 392]);

        Assert.True(result.CameDown);
        Assert.True(result.Met);
    }

    [Fact]
    public void TheBaselinesEarlyClimb_DoesNotLowerTheBar()
    {
        // 390 is within 10 % of the settled 359, and would not be within 10 % of the early 250.
        var result = Result(baseline: [250, 300, 358, 359, 364], steady: [400, 401, 402], coolDown: [450, 390, 390, 390]);

        Assert.True(result.CameDown);
    }

    [Fact]
    public void WhenTheChurnRepeats_TheLastCoolDownIsJudged_AndWhatTheSecondChurnAdded()
    {
        var curve = Curve(
            (SoakPhases.Baseline, [250, 340, 358, 359, 364]),
            (SoakPhases.Steady, [410, 450, 466]),
            (SoakPhases.CoolDown, [400, 380, 380, 380]),
            (SoakPhases.Of(SoakPhases.Steady, 2), [430, 450, 460]),
            (SoakPhases.Of(SoakPhases.CoolDown, 2), [440, 420, 418, 418]));
        var result = new SoakResult(SoakSettings.Default with { Cycles = 2 }, curve, 1000, 0, 10, 10, 5, 5);

        Assert.Equal(418, result.AfterMiB);
        Assert.Equal([380, 418], result.AfterEachCycleMiB);
        Assert.False(result.CameDown);
    }

    [Fact]
    public void ServerMemory_SumsTheHeap_CountsCardActivationsOnly_AndReadsTheDirectoryCache()
    {
        const string metrics = """
            # TYPE dotnet_gc_last_collection_heap_size_bytes gauge
            dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen0"} 1048576
            dotnet_gc_last_collection_heap_size_bytes{otel_scope_name="System.Runtime",gc_heap_generation="gen2"} 2097152 1700000000000
            dotnet_gc_last_collection_memory_committed_size_bytes{otel_scope_name="System.Runtime"} 5242880
            orleans_catalog_activations{otel_scope_name="Microsoft.Orleans",grain_type="card"} 1002
            orleans_catalog_activations{otel_scope_name="Microsoft.Orleans",grain_type="cardusage"} 1
            orleans_directory_cache_size{otel_scope_name="Microsoft.Orleans"} 2737
            orleans_directory_lookups_cache_issued_total{otel_scope_name="Microsoft.Orleans"} 143441
            """;

        var reading = ServerMemory.Parse(metrics);

        Assert.Equal(3, reading.HeapMiB);
        Assert.Equal(5, reading.CommittedMiB);
        Assert.Equal(1002, reading.CardActivations);
        Assert.Equal(2737, reading.DirectoryCacheEntries);
    }

    private static SoakResult Result(double[] baseline, double[] steady, double[] coolDown) =>
        new(SoakSettings.Default, Curve((SoakPhases.Baseline, baseline), (SoakPhases.Steady, steady), (SoakPhases.CoolDown, coolDown)),
            Requests: 1000, FailedRequests: 0, TopicAnswers: 10, TopicRefusals: 10, Subscribed: 5, StillSubscribed: 5);

    private static List<RssSample> Curve(params (string Phase, double[] MiB)[] phases)
    {
        var at = TimeSpan.Zero;
        var curve = new List<RssSample>();
        foreach (var (phase, values) in phases)
        {
            foreach (var mib in values)
            {
                curve.Add(new RssSample(at, (long)(mib * 1024), phase, "1.00"));
                at += TimeSpan.FromSeconds(20);
            }
        }

        return curve;
    }
}
