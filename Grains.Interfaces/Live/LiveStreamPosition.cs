namespace Cereon.Grains.Interfaces.Live;

/// <summary>
/// Where a card stream stands, answered to every lease renewal: a gateway whose subscription has fallen silent while
/// the stream moved on (Orleans memory streams do not redeliver after a silo crash) sees it and repairs its feed.
/// </summary>
[GenerateSerializer, Immutable, Alias("cereon.live-position")]
public sealed record LiveStreamPosition([property: Id(0)] string Epoch, [property: Id(1)] long LastSeq);
