using System.Net;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Grains.Streaming;

/// <summary>
/// A streaming card without a TTL runs in an activation of its own per request; that activation must be gone once
/// its request is, whether the stream ended or the client left (the embedded default once kept tens of thousands).
/// </summary>
[Collection(SharedCluster.Name)]
public sealed class StreamingActivationTests(ClusterFixture fixture)
{
    private const string CountedRoutes = "/api/cards/counted_";

    [Fact]
    [Trait("Category", "Slow")]
    public async Task PerRequestActivations_AreGone_AfterTheirRequests()
    {
        for (var round = 0; round < 3; round++)
        {
            var bodies = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => fixture.Http.GetStringAsync(new Uri("/api/cards/counted_stream", UriKind.Relative))));
            Assert.All(bodies, body => Assert.Equal(3, body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
        }

        for (var left = 0; left < 5; left++)
        {
            using var stream = await SharedStreamingTests.OpenAsync(fixture.Http, "/api/cards/counted_endless_stream");
            Assert.NotNull(await stream.Reader.ReadLineAsync());
        }

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(20);
        var live = await CountedActivationsAsync();
        while (live > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200));
            live = await CountedActivationsAsync();
        }

        Assert.Equal(0, live);
    }

    private async Task<int> CountedActivationsAsync()
    {
        var management = fixture.Cluster.Client.GetGrain<IManagementGrain>(0);
        var grains = await management.GetActiveGrains(GrainType.Create("streamingcard"));
        return grains.Count(id => id.Key.ToString()!.StartsWith(CountedRoutes, StringComparison.Ordinal));
    }
}
