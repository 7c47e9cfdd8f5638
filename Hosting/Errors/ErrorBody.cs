using System.Text.Json.Serialization;

namespace Cereon.Gateway.Errors;

/// <summary>The JSON body of every error the gateway answers (protocol.md §1, §4).</summary>
internal sealed record ErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("cardId"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CardId,
    [property: JsonPropertyName("traceId")] string TraceId);
