using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Cereon.Gateway.Parameters;

/// <summary>
/// The fields of a <c>multipart/form-data</c> body as a flat object. File parts are not parameters and are skipped.
/// </summary>
internal static class MultipartForm
{
    // RFC 2046 §5.1.1; ASP.NET Core's own form reader applies the same limit (FormOptions.MultipartBoundaryLengthLimit).
    private const int MaxBoundaryLength = 70;

    public static bool TryRead(
        ReadOnlySpan<byte> body,
        MediaTypeHeaderValue mediaType,
        [NotNullWhen(true)] out JsonObject? fields,
        [NotNullWhen(false)] out string? error)
    {
        fields = null;
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary);
        if (boundary.Length is 0 or > MaxBoundaryLength)
        {
            error = "The multipart boundary is missing or longer than 70 characters.";
            return false;
        }

        using var stream = new MemoryStream(body.ToArray(), writable: false);
        var reader = new MultipartReader(boundary.ToString(), stream);
        var read = new JsonObject();
        try
        {
            // The body is already in memory, so every read completes synchronously and waiting on it cannot block.
            while (reader.ReadNextSectionAsync().GetAwaiter().GetResult() is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.IsFormDisposition())
                {
                    continue;
                }

                if (!TryReadUtf8(section.Body, out var value))
                {
                    error = "A form field is not valid UTF-8.";
                    return false;
                }

                FlatForm.Add(read, HeaderUtilities.RemoveQuotes(disposition.Name).ToString(), value);
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            // How MultipartReader reports a truncated or malformed body; its own wording blames "another component".
            error = "The multipart body is malformed or truncated.";
            return false;
        }

        fields = read;
        error = null;
        return true;
    }

    private static bool TryReadUtf8(Stream body, [NotNullWhen(true)] out string? text)
    {
        using var buffer = new MemoryStream();
        body.CopyTo(buffer);
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        text = Utf8.IsValid(bytes) ? Encoding.UTF8.GetString(bytes) : null;
        return text is not null;
    }
}
