using System.Text;
using System.Text.Json.Nodes;
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
