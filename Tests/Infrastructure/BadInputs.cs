using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Cereon.Tests.Infrastructure;

/// <summary>A query string, body or WebSocket frame built to be as unpleasant as possible.</summary>
public sealed record BadText(string Text)
{
    public override string ToString() => Text.Length > 300 ? Text[..300] + $"... ({Text.Length} chars)" : Text;
}

/// <summary>Raw bytes, most of them not UTF-8.</summary>
public sealed record BadBytes(byte[] Bytes)
{
    public override string ToString() => Convert.ToHexString(Bytes.AsSpan(0, Math.Min(Bytes.Length, 150)));
}

/// <summary>
/// FsCheck generators of bad input: JSON-ish fragments glued together (half-open objects, percent-encoding,
/// nested "params", lone surrogates raw and escaped in every field, NUL, huge numbers), deep nesting, arbitrary
/// characters and arbitrary bytes.
/// </summary>
public static class BadInputs
{
    private static readonly string[] Fragments =
    [
        "{", "}", "[", "]", "\"", ":", ",", "params", "\"params\"", "filters", "\"filters\"", "null", "true", "1e999",
        "-0", "0.1", "9223372036854775808", "%7B", "%7D", "%22", "%25", "%", "%%", "?params=", "&", "=", "+", "\\",
        "\\u0000", "\\uD800", "\uD800", "\uDFFF", "\0", "\u00e9", "\U0001F600", "action", "\"action\"", "subscribe",
        "unsubscribe", "ping", "ack", "subscriptionId", "resumeSeq", "epoch", "clientInfo", "cardId", "topic",
        "headers.x", "access_token", " ", "\n", "\t",
    ];

    private static readonly string[] Actions = ["subscribe", "unsubscribe", "ping", "pong", "ack", "publish", "", "SUBSCRIBE", "nope", "sub\\ud800scribe"];

    private static readonly string[] Values =
    [
        "null", "true", "1", "-1", "1e999", "9223372036854775808", "\"\"", "\"x\"", "\"1:2\"", "\"e:-1\"", "[]", "{}",
        "[1,[2,[3]]]", "{\"cardId\":1}", "{\"cardId\":\"nope\"}", "{\"cardId\":\"showcase_private_ticker\"}", "\"\\u0000\"",
        "\"\\ud800\"", "\"x\\udfff\"", "\"\\udbff\\udbff\"", "{\"cardId\":\"\\udc00\"}", "\"e-\\ud800\"",
    ];

    private static readonly string[] Fields = ["action", "subscriptionId", "topic", "resumeSeq", "epoch", "clientInfo", "messageId", "ackPolicy", "timestamp", "\\udc00"];

    public static Arbitrary<BadText> Texts() =>
        Gen.Frequency(
            (4, Gen.ListOf(Gen.Elements(Fragments)).Select(parts => string.Concat(parts))),
            (3, Messages()),
            (2, LoneSurrogates()),
            (1, Nested()),
            (1, Gen.Choose(60_000, 80_000).Select(length => "{\"action\":\"ping\",\"pad\":\"" + new string('x', length) + "\"}")),
            (2, Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => new string(chars))))
        .Select(text => new BadText(text))
        .ToArbitrary();

    public static Arbitrary<BadBytes> Bytes() =>
        Gen.OneOf(
            Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)),
            Texts().Generator.Select(t => Encoding.UTF8.GetBytes(t.Text)).SelectMany(utf8 =>
                Gen.Choose(0, 255).Select(b => (byte[])[.. utf8, (byte)b, 0xC3])))
        .Select(bytes => new BadBytes(bytes))
        .ToArbitrary();

    /// <summary>Objects of protocol fields with values of every wrong type.</summary>
    private static Gen<string> Messages() =>
        Gen.Elements(Actions).SelectMany(action =>
            Gen.ListOf(Gen.Elements(Fields).SelectMany(field => Gen.Elements(Values).Select(value => $"\"{field}\":{value}")))
                .Select(fields => "{\"action\":\"" + action + "\"" + string.Concat(fields.Select(f => "," + f)) + "}"));

    /// <summary>
    /// A protocol message with a lone surrogate (escaped, since a raw one is not UTF-8) in one of its string fields,
    /// the rest well-formed, so it gets past the JSON parser to where the field is read.
    /// </summary>
    private static Gen<string> LoneSurrogates() =>
        Gen.Elements("subscribe", "unsubscribe", "ack", "ping", "nope").SelectMany(action =>
            Gen.Elements("subscriptionId", "topic", "epoch", "messageId", "action", "clientInfo", "key").SelectMany(field =>
                Gen.Elements("\\ud800", "\\udfff", "a\\udbff", "\\udc00-1").Select(surrogate =>
                {
                    var fields = new Dictionary<string, string> { ["action"] = $"\"{action}\"", ["subscriptionId"] = "\"s1\"" };
                    fields[field == "key" ? surrogate : field] = field == "clientInfo" ? $"{{\"cardId\":\"{surrogate}\"}}" : $"\"{surrogate}\"";
                    return "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";
                })));

    private static Gen<string> Nested() =>
        Gen.Choose(1, 5000).SelectMany(depth => Gen.Elements("[", "{\"params\":", "{\"a\":").Select(open =>
            string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(open == "[" ? "]" : "}", depth))));
}
