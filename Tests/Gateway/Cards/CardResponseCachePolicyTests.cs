using Cereon.Gateway.Cards;
using Cereon.Gateway.Status;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OutputCaching;

namespace Cereon.Tests.Gateway.Cards;

/// <summary>Which card answers the gateway keeps, and for how long: only what the responder hands over, for that long.</summary>
public sealed class CardResponseCachePolicyTests
{
    private readonly CardResponseCachePolicy _policy = new("/api/cards/c", new ResponseCacheTally());

    [Fact]
    public async Task AnswerHandedOver_IsKeptForItsLifetime()
    {
        var context = await AnsweredAsync(StatusCodes.Status200OK, TimeSpan.FromSeconds(30));

        Assert.True(context.AllowCacheStorage);
        Assert.Equal(TimeSpan.FromSeconds(30), context.ResponseExpirationTimeSpan);
    }

    [Fact]
    public async Task AnswerNotHandedOver_OrWithNoLifetimeLeft_IsNotKept()
    {
        Assert.False((await AnsweredAsync(StatusCodes.Status200OK, lifetime: null)).AllowCacheStorage);
        Assert.False((await AnsweredAsync(StatusCodes.Status200OK, TimeSpan.Zero)).AllowCacheStorage);
    }

    [Theory]
    [InlineData(StatusCodes.Status304NotModified)]
    [InlineData(StatusCodes.Status404NotFound)]
    [InlineData(StatusCodes.Status500InternalServerError)]
    [InlineData(StatusCodes.Status503ServiceUnavailable)]
    public async Task AnythingButA200_IsNotKept(int status)
    {
        var context = await AnsweredAsync(status, TimeSpan.FromSeconds(30));

        Assert.False(context.AllowCacheStorage);
    }

    [Fact]
    public async Task AnswerThatSetsACookie_IsNotKept()
    {
        var context = await AnsweredAsync(StatusCodes.Status200OK, TimeSpan.FromSeconds(30), http => http.Response.Headers.SetCookie = "a=b");

        Assert.False(context.AllowCacheStorage);
    }

    [Fact]
    public void OutsideTheCache_KeepForDoesNothing()
    {
        var http = new DefaultHttpContext();

        CardResponseCachePolicy.KeepFor(http, TimeSpan.FromSeconds(30));

        Assert.Null(http.Features.Get<IOutputCacheFeature>());
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("POST", false)]
    public async Task OnlyReads_AreLookedUpOrStored(string method, bool cached)
    {
        var context = new OutputCacheContext { HttpContext = new DefaultHttpContext { Request = { Method = method } } };

        await _policy.CacheRequestAsync(context, CancellationToken.None);

        Assert.True(context.EnableOutputCaching);
        Assert.Equal(cached, context.AllowCacheLookup);
        Assert.Equal(cached, context.AllowCacheStorage);
        Assert.Equal("*", context.CacheVaryByRules.QueryKeys.ToString());
    }

    private async Task<OutputCacheContext> AnsweredAsync(int status, TimeSpan? lifetime, Action<HttpContext>? more = null)
    {
        var http = new DefaultHttpContext { Request = { Method = "GET" } };
        var context = new OutputCacheContext { HttpContext = http };
        http.Features.Set<IOutputCacheFeature>(new Feature(context));
        await _policy.CacheRequestAsync(context, CancellationToken.None);
        http.Response.StatusCode = status;
        if (lifetime is { } handedOver)
        {
            CardResponseCachePolicy.KeepFor(http, handedOver);
        }

        more?.Invoke(http);
        await _policy.ServeResponseAsync(context, CancellationToken.None);
        return context;
    }

    private sealed class Feature(OutputCacheContext context) : IOutputCacheFeature
    {
        public OutputCacheContext Context { get; } = context;
    }
}
