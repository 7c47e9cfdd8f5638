using System.Text.Json.Serialization;
using Cereon.Hosting.Errors;

namespace Cereon.Gateway.Errors;

/// <summary>
/// Source-generated serialisers for the gateway's own JSON, so the hot path does no reflection; the host's
/// <see cref="ErrorBody"/> too, which the gateway returns as a typed result and frames into streams.
/// </summary>
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Catalog.ReportsResponse))]
[JsonSerializable(typeof(Live.PublishAnswer))]
[JsonSerializable(typeof(Status.StatusResponse))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
