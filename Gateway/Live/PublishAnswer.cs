using System.Text.Json.Serialization;

namespace Cereon.Gateway.Live;

/// <summary>The answer to a publish: where the record now sits in the card stream.</summary>
internal sealed record PublishAnswer(
    [property: JsonPropertyName("seq")] long Seq,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("epoch")] string Epoch);
