using Cereon.Gateway.Hosting;
using Cereon.Grains.Hosting;
using Microsoft.AspNetCore.Builder;
using Cereon.Grains.Interfaces.Live;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Cereon.Tests.Grains.Live;

/// <summary>
/// The live stream's transport: in-memory queues that pulling agents poll, every 10 ms rather than Orleans' 100 ms
/// (the period is time every update waits half of on average). Every gateway must map streams onto the queues the
/// silos poll: a message put on a queue no silo has is never delivered.
/// </summary>
public sealed class LiveStreamTransportTests
{
    [Fact]
    public void Silo_PollsEightQueues_Every10Ms()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleans(silo => silo.UseLocalhostClustering().AddMemoryGrainStorage(LiveStreams.PubSubStorage).AddCereonLiveStreams());
        using var host = builder.Build();

        var agent = host.Services.GetRequiredService<IOptionsMonitor<StreamPullingAgentOptions>>().Get(LiveStreams.ProviderName);
        var queues = host.Services.GetRequiredService<IOptionsMonitor<HashRingStreamQueueMapperOptions>>().Get(LiveStreams.ProviderName);

        Assert.Equal(TimeSpan.FromMilliseconds(10), agent.GetQueueMsgsTimerPeriod);
        Assert.Equal(LiveStreamsSiloBuilderExtensions.PollPeriod, agent.GetQueueMsgsTimerPeriod);
        Assert.Equal(LiveStreams.QueueCount, queues.TotalQueueCount);
        Assert.Equal(8, LiveStreams.QueueCount);
    }

    [Fact]
    public void Gateway_MapsStreams_ToTheSilosQueues()
    {
        var builder = WebApplication.CreateBuilder();
        builder.AddCereonClusterClient();
        using var host = builder.Build();

        var queues = host.Services.GetRequiredService<IOptionsMonitor<HashRingStreamQueueMapperOptions>>().Get(LiveStreams.ProviderName);

        Assert.Equal(LiveStreams.QueueCount, queues.TotalQueueCount);
    }
}
