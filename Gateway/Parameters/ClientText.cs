using System.Buffers;
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
    /// False when percent-decoding <paramref name="text"/> (a query string, a form body, a value) gives bytes that are
    /// not UTF-8. The text between escapes is whole characters already, so each run of escapes must be UTF-8 on its
    /// own: a sequence cannot span a character, nor the ASCII separators between names and values.
    /// </summary>
    public static bool IsValidPercentEncoded(ReadOnlySpan<char> text)
    {
        var at = text.IndexOf('%');
        while (at >= 0)
        {
            var end = at;
            while (end + 2 < text.Length && text[end] == '%' && char.IsAsciiHexDigit(text[end + 1]) && char.IsAsciiHexDigit(text[end + 2]))
            {
                end += 3;
            }

            if (end > at && !IsUtf8(text[at..end]))
            {
                return false;
            }

            var from = Math.Max(end, at + 1);
            var next = text[from..].IndexOf('%');
            at = next < 0 ? -1 : from + next;
        }

        return true;
    }

    /// <summary>Whether a run of <c>%XX</c> escapes is UTF-8; decoded on the stack, as runs are short but for a rare few.</summary>
    private static bool IsUtf8(ReadOnlySpan<char> escapes)
    {
        var count = escapes.Length / 3;
        byte[]? rented = null;
        Span<byte> bytes = count <= 256 ? stackalloc byte[256] : (rented = ArrayPool<byte>.Shared.Rent(count));
        try
        {
            for (var i = 0; i < count; i++)
            {
                bytes[i] = (byte)((HexValue(escapes[(i * 3) + 1]) << 4) | HexValue(escapes[(i * 3) + 2]));
            }

            return Utf8.IsValid(bytes[..count]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static int HexValue(char digit) => digit <= '9' ? digit - '0' : (digit | 0x20) - 'a' + 10;

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
