using System.Text.Json.Serialization;
using Cereon.Gateway.Catalog;

namespace Cereon.Gateway.Status;

/// <summary>The body of <c>GET /api/status</c>, which the status page renders and refreshes.</summary>
internal sealed record StatusResponse(
    [property: JsonPropertyName("reports")] IReadOnlyList<StatusReport> Reports,
    [property: JsonPropertyName("silos")] int? Silos,
    [property: JsonPropertyName("gateways")] int? Gateways,
    [property: JsonPropertyName("usageAvailable")] bool UsageAvailable);

internal sealed record StatusReport(
    [property: JsonPropertyName("reportId")] string ReportId,
    [property: JsonPropertyName("cards")] IReadOnlyList<StatusCard> Cards);

/// <summary>A card as the catalog lists it, with its cluster-wide usage (null hit rate: never requested).</summary>
internal sealed record StatusCard(
    [property: JsonPropertyName("card")] CardEntry Card,
    [property: JsonPropertyName("viewers")] int Viewers,
    [property: JsonPropertyName("cacheHits")] long CacheHits,
    [property: JsonPropertyName("cacheMisses")] long CacheMisses,
    [property: JsonPropertyName("cacheHitRate")] double? CacheHitRate);
