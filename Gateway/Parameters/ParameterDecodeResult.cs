using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Cereon.Gateway.Parameters;

/// <summary>
/// What <see cref="CardParameterDecoder"/> made of a request: the parameters object (never null on success), or the
/// status (400 or 413) and message to answer with.
/// </summary>
internal readonly record struct ParameterDecodeResult(JsonObject? Params, int StatusCode, string? Error)
{
    [MemberNotNullWhen(true, nameof(Params))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Params is not null;

    public static ParameterDecodeResult Success(JsonObject parameters) =>
        new(parameters, StatusCodes.Status200OK, null);

    public static ParameterDecodeResult BadRequest(string error) =>
        new(null, StatusCodes.Status400BadRequest, error);

    public static ParameterDecodeResult TooLarge(int maxBytes) =>
        new(null, StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"Parameters exceed the limit of {maxBytes} bytes"));
}
