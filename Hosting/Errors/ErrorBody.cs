using System.Text.Json.Serialization;

namespace Cereon.Hosting.Errors;

/// <summary>The JSON body of every error a Cereon host answers, silo or gateway (protocol.md §1, §4).</summary>
public sealed record ErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("cardId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CardId,
    [property: JsonPropertyName("traceId")] string TraceId);
