namespace Cereon.Grains.Caching;

/// <summary>The last result a card's handler produced successfully, kept in storage to serve while it fails.</summary>
[GenerateSerializer, Alias("cereon.last-good-result")]
internal sealed class LastGoodResult
{
    [Id(0)] public byte[]? Body { get; set; }

    [Id(1)] public DateTimeOffset ProducedAt { get; set; }
}
