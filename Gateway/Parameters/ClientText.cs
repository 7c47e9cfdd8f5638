using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Cereon.Gateway.Parameters;

/// <summary>
/// Checks, once where client text enters (socket messages, published records, card parameters), that it is valid
/// Unicode. JSON can escape a lone UTF-16 surrogate (<c>"\ud800"</c>), which parses but cannot be read as text, so
/// without this check it would fail later, wherever the string happened to be read first. Percent-encoding can carry
/// bytes that are not UTF-8 (<c>%ED%A0%80</c>, <c>%FF</c>), which ASP.NET Core's decoders keep as the escapes
/// themselves or replace with U+FFFD: either way two different inputs would read as one text.
/// </summary>
internal static class ClientText
{
    public const string Invalid = "Strings must be valid Unicode: lone UTF-16 surrogates such as \\ud800 are not allowed";

    public const string InvalidPercentEncoding =
        "Percent-encoded text must be valid Unicode in UTF-8: bytes such as %ED%A0%80 (an encoded UTF-16 surrogate) or %FF are not allowed";

    /// <summary>
    /// False when a property name or string value of <paramref name="json"/> is not valid Unicode; true otherwise,
    /// also for JSON that is malformed, which its parser reports.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !IsValidString(ref reader))
                {
                    return false;
                }
            }
        }
        catch (JsonException)
        {
            return true;
        }

        return true;
    }

    /// <summary>
    /// False when percent-decoding <paramref name="text"/> (a query string or a form body, <c>+</c> read as a space)
    /// gives bytes that are not UTF-8. Checking the whole text is checking each name and value: the separators are
    /// ASCII, so no valid sequence can span two of them.
    /// </summary>
    public static bool IsValidPercentEncoded(string? text)
    {
        if (text is null || !text.Contains('%', StringComparison.Ordinal))
        {
            return true;
        }

        var encoded = Encoding.UTF8.GetBytes(text);
        return Utf8.IsValid(WebUtility.UrlDecodeToBytes(encoded, 0, encoded.Length));
    }

    private static bool IsValidString(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Utf8.IsValid(reader.ValueSpan);
        }

        try
        {
            // Unescaping is where a lone surrogate shows; escapes are rare enough that the allocation does not matter.
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
