using System.Text.Json.Serialization;

namespace Cereon.Hosting.Errors;

/// <summary>The error body's source-generated serialiser, so writing an error does no reflection.</summary>
[JsonSerializable(typeof(ErrorBody))]
internal sealed partial class ErrorJsonContext : JsonSerializerContext;
