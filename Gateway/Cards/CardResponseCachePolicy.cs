using Cereon.Gateway.Status;
using Cereon.Hosting.Security;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Net.Http.Headers;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Lets the gateway answer a public <c>http</c> card from ASP.NET Core's output cache for exactly as long as the
/// card's grain would answer it from its own cache: <see cref="HttpCardResponder"/> hands over what is left of the
/// card's TTL (<see cref="KeepFor"/>, the same whole seconds as its <c>max-age</c>), so the gateway never serves bytes
/// the grain would not. Answers it does not hand over are not kept.
/// </summary>
/// <remarks>
/// This is the shared cache in front of the gateway that HTTP caching invites (a CDN does the same), inside the
/// gateway: a fresh read then costs no grain call, and in a cluster no network round trip to a silo.
/// Only endpoints that answer the same whoever calls carry this policy (<see cref="CallerIndependent"/>),
/// so a cached answer can never reach a caller it was not meant for.
/// </remarks>
internal sealed class CardResponseCachePolicy(string route, ResponseCacheTally hits) : IOutputCachePolicy
{
    /// <summary>
    /// Keeps the answer being written for <paramref name="lifetime"/>, if the request goes through the cache. Called
    /// before the body is written: the output cache fixes an entry's lifetime when the response starts.
    /// </summary>
    public static void KeepFor(HttpContext http, TimeSpan lifetime)
    {
        if (lifetime > TimeSpan.Zero && http.Features.Get<IOutputCacheFeature>() is { } cache)
        {
            cache.Context.ResponseExpirationTimeSpan = lifetime;
        }
    }

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var request = context.HttpContext.Request;
        var cacheable = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        context.EnableOutputCaching = true;
        context.AllowCacheLookup = cacheable;
        context.AllowCacheStorage = cacheable;
        context.AllowLocking = true;
        context.CacheVaryByRules.QueryKeys = "*";
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        hits.Hit(route);
        return ValueTask.CompletedTask;
    }

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        var response = context.HttpContext.Response;
        if (context.ResponseExpirationTimeSpan is null
            || response.StatusCode != StatusCodes.Status200OK
            || response.Headers.ContainsKey(HeaderNames.SetCookie))
        {
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }
}
