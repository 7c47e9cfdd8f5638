using System.Text;
using System.Text.Unicode;
using Microsoft.Net.Http.Headers;

namespace Cereon.Gateway.Parameters;

/// <summary>
/// Turns a card request's query and body into one parameters object (protocol.md §2). Bad input gives a 400 or 413
/// result, never an exception, and no more than about <c>maxBytes</c> of it is ever buffered.
/// </summary>
internal static class CardParameterDecoder
{
    private const string QueryError = "Invalid query string: ";
    private const string JsonBodyError = "Invalid JSON in request body: ";
    private const string FormBodyError = "Invalid form data in request body: ";
    private const string NotUtf8 = "The body is not valid UTF-8.";

    public static async ValueTask<ParameterDecodeResult> DecodeAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (!CarriesBody(request.Method) || request.ContentLength == 0)
        {
            return DecodeQuery(request.QueryString.Value, maxBytes);
        }

        try
        {
            return await ReadBodyAsync(request, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException ex)
        {
            // The server refused the body itself: malformed chunking, its own size limit, an upload too slow.
            var status = ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? StatusCodes.Status413PayloadTooLarge
                : StatusCodes.Status400BadRequest;
            return new ParameterDecodeResult(null, status, ex.Message);
        }
    }

    public static ParameterDecodeResult DecodeQuery(string? queryString, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (RefusedQuery(queryString, 0, maxBytes) is { } refused)
        {
            return refused;
        }

        var (fields, parameters) = ParamsQuery.Read(queryString);
        if (string.IsNullOrWhiteSpace(parameters))
        {
            return ParameterDecodeResult.Success(fields);
        }

        return ParamsJson.TryReadQueryValue(parameters, out var decoded, out var error)
            ? ParameterDecodeResult.Success(ParamsJson.Overlay(fields, decoded))
            : ParameterDecodeResult.BadRequest($"Invalid JSON in query param '{ParamsQuery.ParamsKey}': {error}");
    }

    public static ParameterDecodeResult DecodeBody(
        string? contentType, ReadOnlySpan<byte> body, string? queryString, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (RefusedQuery(queryString, body.Length, maxBytes) is { } refused)
        {
            return refused;
        }

        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }

        if (body.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return DecodeQuery(queryString, maxBytes);
        }

        var decoded = ReadBody(contentType, body);
        if (!decoded.IsSuccess)
        {
            return decoded;
        }

        // The query's own "params" is not read: the body carries the parameters and the other query keys are extras.
        var (fields, _) = ParamsQuery.Read(queryString);
        return ParameterDecodeResult.Success(ParamsJson.Overlay(fields, decoded.Params));
    }

    private static ParameterDecodeResult ReadBody(string? contentType, ReadOnlySpan<byte> body)
    {
        var mediaType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed : null;
        if (mediaType is not null
            && mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return MultipartForm.TryRead(body, mediaType, out var fields, out var error)
                ? ParameterDecodeResult.Success(fields)
                : ParameterDecodeResult.BadRequest(FormBodyError + error);
        }

        var isForm = mediaType is not null
            && mediaType.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        if (!Utf8.IsValid(body))
        {
            return ParameterDecodeResult.BadRequest((isForm ? FormBodyError : JsonBodyError) + NotUtf8);
        }

        if (isForm)
        {
            var form = Encoding.UTF8.GetString(body);
            return ClientText.IsValidPercentEncoded(form)
                ? ParameterDecodeResult.Success(FlatForm.FromUrlEncoded(form))
                : ParameterDecodeResult.BadRequest(FormBodyError + ClientText.InvalidPercentEncoding);
        }

        // Whatever else the Content-Type says (or if there is none), the protocol's body is JSON.
        return ParamsJson.TryReadBody(body, out var parameters, out var jsonError)
            ? ParameterDecodeResult.Success(parameters)
            : ParameterDecodeResult.BadRequest(JsonBodyError + jsonError);
    }

    private static ValueTask<ParameterDecodeResult> ReadBodyAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken) =>
        BoundedBody.ReadAsync(
            request,
            maxBytes,
            body => DecodeBody(request.ContentType, body, request.QueryString.Value, maxBytes),
            ParameterDecodeResult.TooLarge(maxBytes),
            cancellationToken);

    private static bool CarriesBody(string method) =>
        HttpMethods.IsPost(method)
        || HttpMethods.IsPut(method)
        || HttpMethods.IsPatch(method)
        || HttpMethods.IsDelete(method);

    /// <summary>Why a request is refused before its parameters are read (too large, or a query that is not UTF-8), if it is.</summary>
    private static ParameterDecodeResult? RefusedQuery(string? queryString, int bodyBytes, int maxBytes)
    {
        if (bodyBytes > maxBytes || IsTooLarge(queryString, maxBytes))
        {
            return ParameterDecodeResult.TooLarge(maxBytes);
        }

        return ClientText.IsValidPercentEncoded(queryString)
            ? null
            : ParameterDecodeResult.BadRequest(QueryError + ClientText.InvalidPercentEncoding);
    }

    private static bool IsTooLarge(string? text, int maxBytes) =>
        text is not null && Encoding.UTF8.GetByteCount(text) > maxBytes;
}
