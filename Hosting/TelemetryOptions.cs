namespace Cereon.Hosting;

/// <summary>Where traces go. Section <c>Cereon:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string SectionName = "Cereon:Telemetry";

    /// <summary>
    /// OTLP endpoint for traces, e.g. <c>http://otel-collector:4317</c>; default none, which falls back to the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>. With neither set no span is recorded or exported, though requests still get
    /// trace ids for logs and error bodies.
    /// </summary>
    public string? OtlpEndpoint { get; set; }
}
