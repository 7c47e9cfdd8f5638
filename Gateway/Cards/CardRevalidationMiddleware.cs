using Cereon.Gateway.Status;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Answers a conditional read of a public card with 304 when its <c>If-None-Match</c> matches the current ETag that
/// <see cref="CardEntityTags"/> keeps (weak comparison, lists and <c>*</c>, RFC 9110 §13.1.2), before the output
/// cache looks the answer up. A tag that does not match, or an answer whose tag is not kept, goes on to the output
/// cache and the card.
/// </summary>
/// <remarks>
/// It sits behind CORS and security, so a 304 carries the same CORS and security headers, and counts against the
/// same rate limits, as the answer it stands for.
/// </remarks>
internal sealed class CardRevalidationMiddleware(RequestDelegate next, CardEntityTags tags, ResponseCacheTally hits)
{
    public Task InvokeAsync(HttpContext http)
    {
        var request = http.Request;
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count > 0
            && HttpCardResponder.IsConditionalRead(request)
            && http.GetEndpoint()?.Metadata is { } metadata
            && metadata.GetMetadata<CardResponseCachePolicy>() is not null
            && metadata.GetMetadata<CardDescriptor>() is { } card
            && tags.TryGetCurrent(request, out var etag, out var freshFor)
            && HttpCardResponder.Matches(ifNoneMatch, etag))
        {
            hits.Hit(card.Route);
            var response = http.Response;
            response.StatusCode = StatusCodes.Status304NotModified;
            response.Headers.ETag = etag;
            response.Headers.CacheControl = HttpCardResponder.CacheControlOf(card, freshFor);
            return Task.CompletedTask;
        }

        return next(http);
    }
}
