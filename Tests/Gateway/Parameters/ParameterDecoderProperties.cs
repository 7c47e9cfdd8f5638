using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using Cereon.Gateway.Parameters;
using Cereon.Tests.Infrastructure;
using FsCheck.Xunit;

namespace Cereon.Tests.Gateway.Parameters;

/// <summary>
/// Properties of the parameter decoder over generated bad input: it never throws, answers only 200, 400 or 413,
/// and whatever it accepts can be written as the canonical JSON that keys card grains.
/// </summary>
public sealed class ParameterDecoderProperties
{
    private const int MaxBytes = 64 * 1024;
    private static readonly string?[] ContentTypes = [null, "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain", "garbage;;="];

    [Property(Arbitrary = [typeof(BadInputs)], MaxTest = 500)]
    public void Query_AlwaysDecodes_OrGivesAClearError(BadText query)
    {
        AssertClear(CardParameterDecoder.DecodeQuery(query.Text, MaxBytes));
        AssertClear(CardParameterDecoder.DecodeQuery("?params=" + Uri.EscapeDataString(query.Text), MaxBytes));
        AssertClear(CardParameterDecoder.DecodeQuery("?params=" + query.Text, MaxBytes));
    }

    [Property(Arbitrary = [typeof(BadInputs)], MaxTest = 500)]
    public void Body_AlwaysDecodes_OrGivesAClearError(BadBytes body, BadText query)
    {
        foreach (var contentType in ContentTypes)
        {
            AssertClear(CardParameterDecoder.DecodeBody(contentType, body.Bytes, query.Text, MaxBytes));
        }

        AssertClear(CardParameterDecoder.DecodeBody("application/json", Encoding.UTF8.GetBytes(query.Text), null, MaxBytes));
    }

    /// <summary>
    /// A percent-encoded query value stands for its bytes: it decodes to exactly their text when they are UTF-8, and
    /// is refused otherwise, never replaced (U+FFFD) nor kept as escapes, which would make two inputs one grain key.
    /// </summary>
    [Property(Arbitrary = [typeof(BadInputs)], MaxTest = 500)]
    public void PercentEncodedBytes_DecodeToTheirText_OrAreRefused(BadBytes bytes)
    {
        var encoded = string.Concat(bytes.Bytes.Select(b => $"%{b:X2}"));
        var text = Utf8.IsValid(bytes.Bytes) ? Encoding.UTF8.GetString(bytes.Bytes) : null;

        foreach (var (result, read) in (IEnumerable<(ParameterDecodeResult, Func<JsonObject, bool>)>)[
            (CardParameterDecoder.DecodeQuery("?k=" + encoded, MaxBytes), p => (string?)p["k"] == text),
            (CardParameterDecoder.DecodeQuery($"?x{encoded}=v", MaxBytes), p => p.ContainsKey("x" + text)),
            (CardParameterDecoder.DecodeBody("application/x-www-form-urlencoded", Encoding.ASCII.GetBytes("k=" + encoded), null, MaxBytes), p => (string?)p["k"] == text)])
        {
            if (result.StatusCode == 413)
            {
                Assert.True(Encoding.UTF8.GetByteCount(encoded) > MaxBytes - 3);
            }
            else if (text is not null)
            {
                Assert.True(result.IsSuccess, result.Error);
                Assert.True(read(result.Params));
            }
            else
            {
                Assert.Equal(400, result.StatusCode);
                Assert.Contains("Unicode", result.Error, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>
    /// The escape-run check agrees with decoding the whole text to bytes (the framework's decoder) and validating them,
    /// for text that mixes escapes, broken escapes, literal characters and separators.
    /// </summary>
    [Property(Arbitrary = [typeof(BadInputs)], MaxTest = 1000)]
    public void PercentEncodingCheck_AgreesWithDecodingTheWholeText(BadText text, BadBytes bytes)
    {
        foreach (var candidate in (string[])[text.Text, string.Concat(bytes.Bytes.Select(b => b < 0x80 && b != '%' ? ((char)b).ToString() : $"%{b:x2}")) + text.Text])
        {
            var utf8 = Encoding.UTF8.GetBytes(candidate);
            Assert.Equal(Utf8.IsValid(WebUtility.UrlDecodeToBytes(utf8, 0, utf8.Length)), ClientText.IsValidPercentEncoded(candidate));
        }
    }

    /// <summary>
    /// Valid text, pairs beyond the BMP included, keys one grain however it is sent: a plain query value, JSON in
    /// <c>params</c> as UTF-8 or as <c>\uXXXX</c> escapes, or a JSON body.
    /// </summary>
    [Property(Arbitrary = [typeof(UnicodeTexts)], MaxTest = 300)]
    public void ValidText_GivesOneCanonicalKey_HoweverItIsSent(UnicodeText text)
    {
        var escaped = "{\"k\":\"" + string.Concat(text.Text.Select(c => $"\\u{(int)c:x4}")) + "\"}";
        var literal = "{\"k\":\"" + string.Concat(text.Text.Select(c => c is '"' or '\\' or < ' ' ? $"\\u{(int)c:x4}" : c.ToString())) + "\"}";

        var keys = new[]
        {
            CardParameterDecoder.DecodeQuery("?k=" + Uri.EscapeDataString(text.Text), MaxBytes),
            CardParameterDecoder.DecodeQuery("?params=" + Uri.EscapeDataString(escaped), MaxBytes),
            CardParameterDecoder.DecodeQuery("?params=" + Uri.EscapeDataString(literal), MaxBytes),
            CardParameterDecoder.DecodeBody("application/json", Encoding.UTF8.GetBytes(escaped), null, MaxBytes),
        }.Select(result => result.IsSuccess ? CanonicalJson.Write(result.Params) : result.Error);

        Assert.Single(keys.Distinct());
        Assert.Equal(text.Text, (string?)JsonNode.Parse(keys.First())!["k"]);
    }

    private static void AssertClear(ParameterDecodeResult result)
    {
        if (result.IsSuccess)
        {
            // The canonical text keys card grains: it must be a JSON object with every member the decoder accepted,
            // and the same text each time it is written, or requests for one card would split or collide.
            var canonical = CanonicalJson.Write(result.Params);
            Assert.Equal(canonical, CanonicalJson.Write(result.Params.DeepClone()));
            Assert.Equal(result.Params.Count, Assert.IsType<JsonObject>(JsonNode.Parse(canonical)).Count);
            return;
        }

        Assert.Contains(result.StatusCode, (int[])[400, 413]);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }
}
