using System.Text.Json;
using System.Text.Unicode;

namespace Cereon.Gateway.Parameters;

/// <summary>
/// Checks, once where client JSON enters (socket messages, published records), that every string in it is valid
/// Unicode. JSON can escape a lone UTF-16 surrogate (<c>"\ud800"</c>), which parses but cannot be read as text, so
/// without this check it would fail later, wherever the string happened to be read first.
/// </summary>
internal static class ClientText
{
    public const string Invalid = "Strings must be valid Unicode: lone UTF-16 surrogates such as \\ud800 are not allowed";

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
