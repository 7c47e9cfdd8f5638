namespace Cereon.Grains.Interfaces.Live;

/// <summary>The outcome of publishing a record into a live card: its number once stored, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("cereon.publish-result")]
public sealed record PublishResult(
    [property: Id(0)] long Seq,
    [property: Id(1)] string? Id,
    [property: Id(2)] string? Epoch,
    [property: Id(3)] string? Error,
    [property: Id(4)] bool Transient = false)
{
    /// <summary>The record itself is unacceptable; sending it again will not help.</summary>
    public static PublishResult Refused(string error) => new(0, null, null, error);

    /// <summary>The record was not stored this time (store down, stream moving); it may be sent again.</summary>
    public static PublishResult NotStored(string error) => new(0, null, null, error, Transient: true);
}
