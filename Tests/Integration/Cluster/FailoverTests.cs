using Npgsql;
using Orleans.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Cereon.Tests.Integration.Cluster;

/// <summary>
/// The production shape under faults: real silo and gateway processes with Redis membership and PostgreSQL state,
/// killed and stopped while clients read, watch and publish. Each test leaves the cluster whole again.
/// </summary>
[Trait("Category", "Slow")]
[Collection(Name)]
public sealed class FailoverTests(ProcessCluster cluster, ITestOutputHelper output) : IClassFixture<ProcessCluster>
{
    /// <summary>Runs alone, after the other collections: five processes on two cores leave no room for another suite.</summary>
    public const string Name = "process cluster";

    private const string Ticker = "/api/cards/showcase_ticker";

    [Fact]
    public async Task Silos_FindEachOther_ThroughRedis()
    {
        using var client = Host.CreateDefaultBuilder()
            .UseOrleansClient(orleans => orleans
                .Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = ("cereon", "cereon"))
                .UseRedisClustering($"127.0.0.1:{cluster.RedisPort}"))
            .Build();
        await client.StartAsync();

        // Another test may just have restarted a silo: give membership a moment to settle on the two live ones.
        var management = client.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        for (var attempt = 0; attempt < 20 && hosts.Count != 2; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            hosts = await management.GetHosts(onlyActive: true);
        }

        await client.StopAsync();

        Assert.Equal(2, hosts.Count);
    }

    [Fact]
    public async Task KillingASilo_DisturbsReadsBriefly_AndLosesNoAcknowledgedRecord()
    {
        var run = await RunUnderLoadAsync(() => cluster.KillAsync("silo", 1), watchers: 0);
        await cluster.RestartAsync("silo", 1);

        var recovery = run.Readers.RecoveryAfter(run.FaultAt);
        output.WriteLine($"kill -9: {run.Readers.Failures.Count} of {run.Readers.Count} reads failed; reads disturbed for {recovery.TotalSeconds:F1} s after the kill; longest read {run.Readers.LongestWait.TotalSeconds:F1} s");
        run.Readers.FailureDetails.ToList().ForEach(output.WriteLine);
        Assert.True(recovery <= TimeSpan.FromSeconds(15), $"reads were disturbed for {recovery} after the kill");
        Assert.True(run.Readers.LongestWait <= TimeSpan.FromSeconds(5), $"a read waited {run.Readers.LongestWait} for its answer");
        await AssertAcknowledgedStoredAsync(run.Publisher);
    }

    [Fact]
    public async Task KillingASilo_LiveViewersContinue_WithoutAGap()
    {
        var run = await RunUnderLoadAsync(() => cluster.KillAsync("silo", 1), watchers: 4);
        await cluster.RestartAsync("silo", 1);

        AssertWatchersSawEverything(run);
    }

    [Fact]
    public async Task StoppingASilo_Gracefully_FailsNothing()
    {
        var run = await RunUnderLoadAsync(() => cluster.StopGracefullyAsync("silo", 2), watchers: 4);
        await cluster.RestartAsync("silo", 2);

        output.WriteLine($"graceful: {run.Readers.Failures.Count} of {run.Readers.Count} reads failed; reads disturbed for {run.Readers.RecoveryAfter(run.FaultAt).TotalSeconds:F1} s");
        run.Readers.FailureDetails.ToList().ForEach(output.WriteLine);
        Assert.Empty(run.Readers.Failures);
        AssertWatchersSawEverything(run);
        await AssertAcknowledgedStoredAsync(run.Publisher);
        Assert.Empty(run.Publisher.Refusals);
    }

    [Fact]
    public async Task KillingAGateway_ItsViewersResumeOnTheOther_WithoutAGap()
    {
        var watchers = Enumerable.Range(0, 4).Select(_ => new ResumingWatcher(cluster.Gateways, 0, Ticker)).ToList();
        using var stop = new CancellationTokenSource();
        var watching = Task.WhenAll(watchers.Select(w => w.RunAsync(stop.Token)));
        await Task.Delay(TimeSpan.FromSeconds(3));
        var atKill = watchers.Select(w => w.Seqs.Count).ToList();
        await cluster.KillAsync("gateway", 1);

        // Until every viewer has reconnected and seen 50 more messages (5 s of the ticker), however busy the machine.
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            while (watchers.Select((w, i) => w.Reconnects < 1 || w.Seqs.Count < atKill[i] + 50).Any(waiting => waiting) && !deadline.IsCancellationRequested)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }

        await stop.CancelAsync();
        await watching;
        await cluster.RestartAsync("gateway", 1);

        Assert.All(watchers, w => Assert.True(w.Reconnects >= 1, "a viewer of the killed gateway never reconnected"));
        Assert.All(watchers, w => Assert.Empty(w.Discontinuities()));
        Assert.All(watchers, w => Assert.All(w.Resumes, Assert.True));
        Assert.All(watchers.Zip(atKill), w => Assert.True(w.First.Seqs.Count >= w.Second + 50, $"{w.First.Seqs.Count - w.Second} messages after the kill"));
    }

    private async Task<LoadRun> RunUnderLoadAsync(Func<Task> fault, int watchers)
    {
        var readers = new HttpReaders(cluster.Gateways, readers: 4);
        var viewers = Enumerable.Range(0, watchers).Select(i => new ResumingWatcher(cluster.Gateways, i, Ticker)).ToList();
        var publisher = new Publisher(cluster.Gateways, "showcase_ticker");
        using var stop = new CancellationTokenSource();
        var load = Task.WhenAll([readers.RunAsync(stop.Token), publisher.RunAsync(stop.Token), .. viewers.Select(w => w.RunAsync(stop.Token))]);
        await Task.Delay(TimeSpan.FromSeconds(4));
        var faultAt = readers.Now;
        await fault();
        await Task.Delay(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await load;
        return new LoadRun(readers, viewers, publisher, faultAt);
    }

    private void AssertWatchersSawEverything(LoadRun run)
    {
        foreach (var watcher in run.Watchers)
        {
            output.WriteLine($"watcher: {watcher.Seqs.Count} messages, {watcher.Reconnects} reconnects, seqs {(watcher.Seqs.Count > 0 ? $"{watcher.Seqs[0]}..{watcher.Seqs[^1]}" : "none")}");
            Assert.Empty(watcher.Discontinuities());
            Assert.All(watcher.Resumes, Assert.True);
            Assert.True(watcher.Seqs.Count > 100, $"only {watcher.Seqs.Count} messages in 24 s");
        }
    }

    private async Task AssertAcknowledgedStoredAsync(Publisher publisher)
    {
        output.WriteLine($"publisher: {publisher.Acknowledged.Count} acknowledged, {publisher.Refused} refused");
        publisher.Refusals.Distinct().ToList().ForEach(output.WriteLine);
        Assert.NotEmpty(publisher.Acknowledged);
        var missing = await MissingAsync(publisher.Acknowledged);
        Assert.True(missing.Count == 0, $"{missing.Count} acknowledged records are not stored, e.g. {string.Join(", ", missing.Take(10))}");
    }

    private async Task<IReadOnlyList<string>> MissingAsync(IReadOnlyList<string> ids)
    {
        await using var connection = new NpgsqlConnection(cluster.PostgresConnectionString);
        await connection.OpenAsync();
        await using var stored = new NpgsqlCommand("SELECT message_id FROM cereon_live_messages WHERE message_id = ANY(@ids)", connection);
        stored.Parameters.AddWithValue("ids", ids.ToArray());
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await stored.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }

        return [.. ids.Where(id => !found.Contains(id))];
    }
    private sealed record LoadRun(HttpReaders Readers, IReadOnlyList<ResumingWatcher> Watchers, Publisher Publisher, TimeSpan FaultAt);
}

[CollectionDefinition(FailoverTests.Name, DisableParallelization = true)]
public sealed class ProcessClusterGroup;
