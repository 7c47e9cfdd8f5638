using System.Text.Json.Serialization;

namespace Cereon.Gateway.Errors;

/// <summary>Source-generated serialisers for the gateway's own JSON, so the hot path does no reflection.</summary>
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Catalog.ReportsResponse))]
[JsonSerializable(typeof(Live.PublishAnswer))]
[JsonSerializable(typeof(Status.StatusResponse))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
