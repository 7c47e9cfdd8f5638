using System.Globalization;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Hosting.Errors;
using Microsoft.Net.Http.Headers;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Answers an <c>http</c> card (protocol.md §4) from its grain, writing the grain's bytes as they are, with HTTP
/// caching on top: a strong <c>ETag</c> of the bytes (<c>If-None-Match</c> gets 304), and <c>Cache-Control</c> from
/// what is left of the card's TTL, <c>private</c> for cards that need a signed-in caller or vary by caller.
/// </summary>
internal sealed partial class HttpCardResponder(CardGrainReferences grains, CardReads reads, CardEntityTags entityTags, ILogger<HttpCardResponder> logger)
{
    public async Task RespondAsync(HttpContext http, CardDescriptor card, string canonicalParams)
    {
        var (caller, partition) = CallerClaims.For(http.User, card);
        var grain = grains.Card(CardGrainKeys.For(card.Route, canonicalParams, partition));
        CardResponse response;
        try
        {
            response = await reads.ReadAsync(grain, new CardRequest(canonicalParams, http.Request.Method, caller), card.Route, http.RequestAborted);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // Transient cluster trouble (a silo leaving, a call timing out) is the caller's cue to retry, not a bug.
            LogClusterUnavailable(logger, card.Route, ex);
            http.Response.Headers.RetryAfter = "1";
            await JsonErrors.WriteAsync(http, StatusCodes.Status503ServiceUnavailable, "Card cluster unavailable", card.CardId);
            return;
        }

        switch (response.Outcome)
        {
            case CardOutcome.Ok:
                await WriteAsync(http, card, response);
                break;
            case CardOutcome.UnknownCard or CardOutcome.WrongTransport:
                await JsonErrors.WriteAsync(http, StatusCodes.Status404NotFound, response.Error ?? "Card not found", card.CardId);
                break;
            default:
                await JsonErrors.WriteAsync(http, StatusCodes.Status500InternalServerError, response.Error ?? "Card failed", card.CardId);
                break;
        }
    }

    private Task WriteAsync(HttpContext http, CardDescriptor card, CardResponse response)
    {
        var headers = http.Response.Headers;
        headers.CacheControl = CacheControlOf(card, response.FreshFor);
        var keepFor = card.Access.SameForEveryone && response.FreshFor is { } freshFor ? WholeSeconds(freshFor) : TimeSpan.Zero;
        if (response.ETag is { } etag)
        {
            headers.ETag = etag;
            entityTags.Remember(http, etag, keepFor);
            if (IsConditionalRead(http.Request) && Matches(http.Request.Headers.IfNoneMatch, etag))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }
        }

        http.Response.StatusCode = StatusCodes.Status200OK;
        CardResponseCachePolicy.KeepFor(http, keepFor);

        http.Response.ContentType = "application/json";
        http.Response.ContentLength = response.Body.Length;
        return HttpMethods.IsHead(http.Request.Method)
            ? Task.CompletedTask
            : http.Response.Body.WriteAsync(response.Body, http.RequestAborted).AsTask();
    }

    /// <summary>
    /// What a browser or a CDN may do with the answer: keep it while the grain would (shared caches only for cards
    /// everyone sees alike), otherwise revalidate every time.
    /// </summary>
    public static string CacheControlOf(CardDescriptor card, TimeSpan? freshFor)
    {
        var scope = card.Access.SameForEveryone ? "public" : "private";
        return freshFor is { } left && left > TimeSpan.Zero
            ? string.Create(CultureInfo.InvariantCulture, $"{scope}, max-age={(long)WholeSeconds(left).TotalSeconds}")
            : scope + ", no-cache";
    }

    /// <summary>What is left of a TTL as <c>max-age</c> counts it: whole seconds, rounded down.</summary>
    private static TimeSpan WholeSeconds(TimeSpan left) => TimeSpan.FromSeconds(Math.Floor(left.TotalSeconds));

    /// <summary>A GET or HEAD: the methods <c>If-None-Match</c> can turn into a 304, and whose answers may be kept.</summary>
    public static bool IsConditionalRead(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);

    /// <summary><c>If-None-Match</c> by weak comparison (RFC 9110 §13.1.2): a list, <c>W/</c> tags, or <c>*</c>.</summary>
    public static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }

        if (ifNoneMatch.Count == 1 && string.Equals(ifNoneMatch[0], etag, StringComparison.Ordinal))
        {
            return true;
        }

        if (!EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags))
        {
            return false;
        }

        var ours = new EntityTagHeaderValue(etag);
        return tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(ours, useStrongComparison: false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Card {Route} could not be reached in the cluster")]
    private static partial void LogClusterUnavailable(ILogger logger, string route, Exception exception);
}
