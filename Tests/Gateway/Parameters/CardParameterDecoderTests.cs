using System.Text;
using System.Text.Json.Nodes;
using Cereon.Gateway.Parameters;
using Microsoft.AspNetCore.Http;

namespace Cereon.Tests.Gateway.Parameters;

/// <summary>protocol.md §2: every way a front end sends parameters, and every way it can get them wrong.</summary>
public sealed class CardParameterDecoderTests
{
    private const int Limit = 64 * 1024;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("?")]
    public void NoQuery_GivesEmptyObject(string? query) =>
        AssertParams("{}", DecodeQuery(query));

    [Theory]
    [InlineData("?params=%7B%22a%22%3A1%7D")]
    [InlineData("params=%7B%22a%22%3A1%7D")]
    [InlineData("?params=%7B+%22a%22+%3A+1+%7D")]
    public void Decodes_ParamsJson(string query) =>
        AssertParams("{\"a\":1}", DecodeQuery(query));

    [Fact]
    public void DoubleEncoded_JsonString() =>
        AssertParams("{\"a\":1}", DecodeParams("\"{\\\"a\\\":1}\""));

    [Fact]
    public void DoublePercentEncoded()
    {
        var query = "?params=" + Uri.EscapeDataString(Uri.EscapeDataString("{\"a\":\"x y+z%\"}"));

        AssertParams("{\"a\":\"x y+z%\"}", DecodeQuery(query));
    }

    [Theory]
    [InlineData("\"42\"", "{\"params\":\"42\"}")]
    [InlineData("\"hello\"", "{\"params\":\"hello\"}")]
    public void JsonString_NotHoldingJson_StaysAString(string json, string expected) =>
        AssertParams(expected, DecodeParams(json));

    [Fact]
    public void Unwraps_ParamsWrapper_Once() =>
        AssertParams("{\"params\":{\"x\":1}}", DecodeParams("{\"params\":{\"params\":{\"x\":1}}}"));

    [Fact]
    public void Unwraps_ParamsWrapper_HoldingJsonString() =>
        AssertParams("{\"x\":1}", DecodeParams("{\"params\":\"{\\\"x\\\":1}\"}"));

    [Fact]
    public void Unwraps_ParamsWrapper_SiblingKeysStayBeneathInner() =>
        AssertParams("{\"x\":1,\"y\":2}", DecodeParams("{\"x\":0,\"y\":2,\"params\":{\"x\":1}}"));

    [Theory]
    [InlineData("42", "{\"params\":42}")]
    [InlineData("[1,\"a\"]", "{\"params\":[1,\"a\"]}")]
    [InlineData("true", "{\"params\":true}")]
    [InlineData("null", "{\"params\":null}")]
    [InlineData("{\"params\":[1]}", "{\"params\":[1]}")]
    [InlineData("{\"params\":\"[1]\"}", "{\"params\":[1]}")]
    public void NonObject_IsWrapped(string json, string expected) =>
        AssertParams(expected, DecodeParams(json));

    [Fact]
    public void WithoutParams_QueryKeysAreTheParameters() =>
        AssertParams("{\"days\":\"30\",\"flag\":\"\",\"q\":\"a b\"}", DecodeQuery("?days=30&flag&q=a+b"));

    [Fact]
    public void RepeatedKey_BecomesArray() =>
        AssertParams("{\"days\":\"7\",\"tag\":[\"a\",\"b\",\"c\"]}", DecodeQuery("?tag=a&days=7&tag=b&tag=c"));

    [Fact]
    public void QueryKeysMerged_ParamsWin() =>
        AssertParams(
            "{\"days\":\"30\",\"x\":\"params\"}",
            DecodeQuery("?x=query&days=30&params=" + Uri.EscapeDataString("{\"x\":\"params\"}")));

    [Fact]
    public void QueryKeysMerged_IntoWrappedNonObject() =>
        AssertParams("{\"days\":\"30\",\"params\":42}", DecodeQuery("?days=30&params=42"));

    [Theory]
    [InlineData("?days=30?params=%7B%7D", "{\"days\":\"30\"}")]
    [InlineData("?a=1&days=30?params=%7B%22x%22%3A1%7D", "{\"a\":\"1\",\"days\":\"30\",\"x\":1}")]
    [InlineData("?flag?params=%7B%22x%22%3A1%7D", "{\"flag\":\"\",\"x\":1}")]
    [InlineData("??params=%7B%22x%22%3A1%7D", "{\"x\":1}")]
    [InlineData("?days=30?params=%7B%22days%22%3A7%7D", "{\"days\":7}")]
    [InlineData("?params=%7B%22x%22%3A1%7D?params=%7B%22x%22%3A2%7D", "{\"x\":2}")]
    public void Repairs_SecondQuestionMark(string query, string expected) =>
        AssertParams(expected, DecodeQuery(query));

    [Fact]
    public void EscapedQuestionMark_IsData_NotASeam() =>
        AssertParams("{\"next\":\"/x?params=1\"}", DecodeParams("{\"next\":\"/x?params=1\"}"));

    [Theory]
    [InlineData("?params=&days=1")]
    [InlineData("?params=+&days=1")]
    public void EmptyParams_AreIgnored(string query) =>
        AssertParams("{\"days\":\"1\"}", DecodeQuery(query));

    [Theory]
    [InlineData("{bad")]
    [InlineData("hello")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("\"{not json\"")]
    [InlineData("{\"params\":\"{not json\"}")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":\"\\ud800\"}")]
    [InlineData("{\"\\ud800\":1}")]
    public void Rejects_MalformedParams_With400(string json) =>
        AssertBadRequest("Invalid JSON in query param 'params': ", DecodeParams(json));

    [Fact]
    public void Rejects_DeepNesting_With400() =>
        AssertBadRequest("Invalid JSON in query param 'params': ", DecodeParams(Nested(65)));

    [Fact]
    public void Accepts_NestingAtTheReaderLimit() =>
        AssertParams("{\"params\":" + Nested(64) + "}", DecodeParams(Nested(64)));

    [Fact]
    public void Rejects_Oversized_With413()
    {
        var query = "?params=" + Uri.EscapeDataString("{\"a\":\"" + new string('x', 100) + "\"}");

        var result = CardParameterDecoder.DecodeQuery(query, 64);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.StatusCode);
        Assert.Null(result.Params);
        Assert.Equal("Parameters exceed the limit of 64 bytes", result.Error);
    }

    [Fact]
    public void Accepts_QueryExactlyAtTheLimit()
    {
        const string Query = "?days=30";

        AssertParams("{\"days\":\"30\"}", CardParameterDecoder.DecodeQuery(Query, Query.Length));
    }

    [Theory]
    [InlineData("{\"params\":\"{\\\"a\\\":1}\"}")]
    [InlineData("{\"params\":{\"a\":1}}")]
    [InlineData("{\"a\":1}")]
    public void JsonBody_GivesTheParameters(string body) =>
        AssertParams("{\"a\":1}", DecodeBody("application/json", body));

    [Theory]
    [InlineData("[1,2]", "{\"params\":[1,2]}")]
    [InlineData("7", "{\"params\":7}")]
    [InlineData("null", "{\"params\":null}")]
    [InlineData("\"{\\\"a\\\":1}\"", "{\"params\":\"{\\\"a\\\":1}\"}")]
    public void JsonBody_NonObject_IsWrapped(string body, string expected) =>
        AssertParams(expected, DecodeBody("application/json", body));

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("not a media type")]
    public void JsonBody_IsRead_WhateverTheContentType(string? contentType) =>
        AssertParams("{\"a\":1}", DecodeBody(contentType, "{\"a\":1}"));

    [Fact]
    public void JsonBody_Utf8Bom_IsSkipped() =>
        AssertParams(
            "{\"a\":1}",
            CardParameterDecoder.DecodeBody("application/json", [0xEF, 0xBB, 0xBF, .. "{\"a\":1}"u8], null, Limit));

    [Fact]
    public void FormBody_IsFlatObject() =>
        AssertParams(
            "{\"a\":\"1\",\"b\":[\"x\",\"y\"],\"params\":\"{}\"}",
            DecodeBody("application/x-www-form-urlencoded; charset=utf-8", "a=1&b=x&b=y&params=%7B%7D"));

    [Fact]
    public void MultipartBody_FieldsAreFlatObject_FilesSkipped()
    {
        const string Body =
            "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\nx\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\ny\r\n"
            + "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"f.txt\"\r\n\r\nfile\r\n"
            + "--XyZ--\r\n";

        AssertParams("{\"a\":\"1\",\"b\":[\"x\",\"y\"]}", DecodeBody("multipart/form-data; boundary=\"XyZ\"", Body));
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=XyZ", "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1")]
    [InlineData("multipart/form-data", "--XyZ--\r\n")]
    public void Rejects_MalformedMultipart_With400(string contentType, string body) =>
        AssertBadRequest("Invalid form data in request body: ", DecodeBody(contentType, body));

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t ")]
    [InlineData("\uFEFF")]
    public void EmptyBody_FallsBackToQuery(string body) =>
        AssertParams("{\"days\":\"7\",\"x\":1}", DecodeBody("application/json", body, "?days=7&params=%7B%22x%22%3A1%7D"));

    [Fact]
    public void BodyRequest_QueryKeysMerged_BodyWins() =>
        AssertParams(
            "{\"days\":\"30\",\"x\":\"body\"}",
            DecodeBody("application/json", "{\"params\":\"{\\\"x\\\":\\\"body\\\"}\"}", "?x=query&days=30"));

    [Fact]
    public void BodyRequest_QueryParams_AreNotRead_AndSeamIsRepaired() =>
        AssertParams(
            "{\"a\":1,\"days\":\"30\"}",
            DecodeBody("application/json", "{\"a\":1}", "?days=30?params=%7B%22ignored%22%3Atrue%7D"));

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("{'a':1}")]
    [InlineData("{\"params\":\"{bad\"}")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"a\":\"\\udc00\"}")]
    public void Rejects_MalformedJsonBody_With400(string body) =>
        AssertBadRequest("Invalid JSON in request body: ", DecodeBody("application/json", body));

    [Fact]
    public void Rejects_DeeplyNestedBody_With400() =>
        AssertBadRequest("Invalid JSON in request body: ", DecodeBody("application/json", Nested(65)));

    [Theory]
    [InlineData("application/json", "Invalid JSON in request body: ")]
    [InlineData("application/x-www-form-urlencoded", "Invalid form data in request body: ")]
    public void Rejects_InvalidUtf8Body_With400(string contentType, string prefix)
    {
        byte[] body = [.. "{\"a\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        AssertBadRequest(prefix, CardParameterDecoder.DecodeBody(contentType, body, null, Limit));
    }

    [Fact]
    public void Rejects_OversizedBody_With413()
    {
        var result = DecodeBody("application/json", "{\"a\":\"" + new string('x', 100) + "\"}", maxBytes: 100);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.StatusCode);
        Assert.Equal("Parameters exceed the limit of 100 bytes", result.Error);
    }

    [Fact]
    public void Rejects_OversizedQuery_OnBodyRequest_With413() =>
        Assert.Equal(
            StatusCodes.Status413PayloadTooLarge,
            DecodeBody("application/json", "{}", "?q=" + new string('x', 100), maxBytes: 100).StatusCode);

    [Fact]
    public void CanonicalJson_SortsKeys_AtEveryDepth()
    {
        var one = JsonNode.Parse("{\"b\":{\"z\":1,\"a\":[{\"y\":2,\"x\":1}]},\"a\":null,\"B\":true}");
        var other = JsonNode.Parse("{\"B\":true,\"a\":null,\"b\":{\"a\":[{\"x\":1,\"y\":2}],\"z\":1}}");

        Assert.Equal("{\"B\":true,\"a\":null,\"b\":{\"a\":[{\"x\":1,\"y\":2}],\"z\":1}}", CanonicalJson.Write(one));
        Assert.Equal(CanonicalJson.Write(one), CanonicalJson.Write(other));
    }

    [Fact]
    public void CanonicalJson_KeepsNumberText() =>
        Assert.Equal("[1.0,1e2,-0,12345678901234567890]", Canonical("[ 1.0, 1e2, -0, 12345678901234567890 ]"));

    [Fact]
    public void CanonicalJson_SameForEscapedAndPlainStrings() =>
        Assert.Equal(Canonical("{\"k\":\"A/\"}"), Canonical("{\"\\u006b\":\"\\u0041\\/\"}"));

    [Fact]
    public void CanonicalJson_EscapesOnlyWhatJsonRequires() =>
        Assert.Equal("{\"k\":\"é<+\\\"\"}", Canonical("{\"k\":\"\\u00e9\\u003c+\\\"\"}"));

    [Fact]
    public void CanonicalJson_WritesNull() => Assert.Equal("null", CanonicalJson.Write(null));

    [Fact]
    public async Task DecodeAsync_Get_ReadsQuery_IgnoresBody()
    {
        var body = new TestBody("{\"a\":1}"u8.ToArray());
        var request = Request("GET", "?days=30?params=%7B%22x%22%3A1%7D", body, contentLength: null);

        AssertParams("{\"days\":\"30\",\"x\":1}", await DecodeAsync(request));
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task DecodeAsync_Post_ReadsBody_InSmallChunks()
    {
        var json = "{\"a\":\"" + new string('x', 10_000) + "\"}";
        var body = new TestBody(Encoding.UTF8.GetBytes(json), chunk: 700);
        var request = Request("POST", "?days=30", body, contentLength: null);

        AssertParams("{\"a\":\"" + new string('x', 10_000) + "\",\"days\":\"30\"}", await DecodeAsync(request));
    }

    [Theory]
    [InlineData("DELETE")]
    [InlineData("PUT")]
    public async Task DecodeAsync_EmptyBody_FallsBackToQuery(string method)
    {
        var request = Request(method, "?days=7", new TestBody([]), contentLength: null);

        AssertParams("{\"days\":\"7\"}", await DecodeAsync(request));
    }

    [Fact]
    public async Task DecodeAsync_ContentLengthOverLimit_Returns413_WithoutReading()
    {
        var body = new TestBody(new byte[2048]);
        var request = Request("POST", null, body, contentLength: 2048);

        var result = await DecodeAsync(request, maxBytes: 1024);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.StatusCode);
        Assert.Equal(0, body.BytesRead);
    }

    [Fact]
    public async Task DecodeAsync_EndlessBody_WithoutContentLength_StopsReadingPastTheLimit()
    {
        const int MaxBytes = 1024;
        var body = new TestBody(content: null);
        var request = Request("PATCH", null, body, contentLength: null);

        var result = await DecodeAsync(request, MaxBytes);

        Assert.Equal(StatusCodes.Status413PayloadTooLarge, result.StatusCode);
        Assert.InRange(body.BytesRead, MaxBytes + 1, MaxBytes + (16 * 1024));
    }

    private static ParameterDecodeResult DecodeQuery(string? query) => CardParameterDecoder.DecodeQuery(query, Limit);

    private static ParameterDecodeResult DecodeParams(string json) => DecodeQuery("?params=" + Uri.EscapeDataString(json));

    private static ParameterDecodeResult DecodeBody(
        string? contentType, string body, string? query = null, int maxBytes = Limit) =>
        CardParameterDecoder.DecodeBody(contentType, Encoding.UTF8.GetBytes(body), query, maxBytes);

    private static ValueTask<ParameterDecodeResult> DecodeAsync(HttpRequest request, int maxBytes = Limit) =>
        CardParameterDecoder.DecodeAsync(request, maxBytes, CancellationToken.None);

    private static string Canonical(string json) => CanonicalJson.Write(JsonNode.Parse(json));

    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    private static HttpRequest Request(string method, string? query, Stream body, long? contentLength)
    {
        var request = new DefaultHttpContext().Request;
        request.Method = method;
        request.QueryString = query is null ? QueryString.Empty : new QueryString(query);
        request.ContentType = "application/json";
        request.ContentLength = contentLength;
        request.Body = body;
        return request;
    }

    private static void AssertParams(string expectedCanonicalJson, ParameterDecodeResult result)
    {
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(StatusCodes.Status200OK, result.StatusCode);
        Assert.Equal(expectedCanonicalJson, CanonicalJson.Write(result.Params));
    }

    private static void AssertBadRequest(string expectedPrefix, ParameterDecodeResult result)
    {
        Assert.Equal(StatusCodes.Status400BadRequest, result.StatusCode);
        Assert.Null(result.Params);
        Assert.NotNull(result.Error);
        Assert.StartsWith(expectedPrefix, result.Error, StringComparison.Ordinal);
        Assert.True(result.Error.Length > expectedPrefix.Length, "The message says what was wrong.");
        Assert.DoesNotContain("Exception", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", result.Error, StringComparison.Ordinal);
    }

    /// <summary>A request body that hands out at most <c>chunk</c> bytes per read, endless when it has no content.</summary>
    private sealed class TestBody(byte[]? content, int chunk = 4096) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var available = content is null ? int.MaxValue : content.Length - (int)BytesRead;
            var length = Math.Min(Math.Min(buffer.Length, chunk), available);
            if (content is null)
            {
                buffer[..length].Fill((byte)'[');
            }
            else
            {
                content.AsSpan((int)BytesRead, length).CopyTo(buffer);
            }

            BytesRead += length;
            return length;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
