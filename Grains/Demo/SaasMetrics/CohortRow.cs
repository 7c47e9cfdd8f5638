using System.Text.Json.Serialization;

namespace Cereon.Grains.Demo.SaasMetrics;

/// <summary>A retention cohort: the share of its customers still active 0, 1 and 2 months after signing up.</summary>
internal sealed record CohortRow(
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("cohort_month")] string CohortMonth,
    [property: JsonPropertyName("month_0")] double Month0,
    [property: JsonPropertyName("month_1")] double Month1,
    [property: JsonPropertyName("month_2")] double Month2);
