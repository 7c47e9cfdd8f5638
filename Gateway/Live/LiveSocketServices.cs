using Cereon.Gateway.Catalog;
using Cereon.Gateway.Status;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Live;

/// <summary>What every socket session needs from the gateway, resolved once.</summary>
internal sealed class LiveSocketServices(
    LiveHub hub,
    CardCatalogCache catalog,
    LiveViewerTally viewers,
    IGrainFactory grains,
    IOptions<LiveSocketOptions> options,
    TimeProvider time,
    ILogger<CardSocketSession> logger)
{
    public LiveHub Hub { get; } = hub;

    public CardCatalogCache Catalog { get; } = catalog;

    public IGrainFactory Grains { get; } = grains;

    public LiveViewerTally Viewers { get; } = viewers;

    public LiveSocketOptions Options { get; } = options.Value;

    public TimeProvider Time { get; } = time;

    public ILogger Logger { get; } = logger;
}
