using System.Text.Json.Serialization;

namespace Cereon.Gateway.Catalog;

/// <summary>The body of <c>GET /api/reports</c>: enough for a front end to build its dashboard spec.</summary>
internal sealed record ReportsResponse(
    [property: JsonPropertyName("reports")] IReadOnlyList<ReportEntry> Reports);

internal sealed record ReportEntry(
    [property: JsonPropertyName("reportId")] string ReportId,
    [property: JsonPropertyName("cards")] IReadOnlyList<CardEntry> Cards);

internal sealed record CardEntry(
    [property: JsonPropertyName("cardId")] string CardId,
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("transport")] string Transport,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("methods")] IReadOnlyList<string> Methods,
    [property: JsonPropertyName("format")] string? Format);
