using System.Diagnostics;
using Orleans.Diagnostics;

namespace Cereon.Gateway.Cards;

/// <summary>
/// Keeps grain calls free of tracing work while nobody records it. Orleans' propagation copies the current activity
/// into every call's request context whether or not anyone listens; with no listener on its grain-call source the
/// call is made outside the request's activity instead, and the trace parent travels in the request itself.
/// </summary>
internal static class GrainCallTracing
{
    // Listeners attach by source name, so this twin of Orleans' source hears of exactly the listeners Orleans' has.
    private static readonly ActivitySource GrainCalls = new(ActivitySources.ApplicationGrainActivitySourceName);

    /// <summary>
    /// Leaves the current activity for the rest of the calling async method, unless someone records grain calls, and
    /// answers the W3C trace parent a handler should run under then. Call it only from an async method: the caller's
    /// caller keeps its activity when that method returns.
    /// </summary>
    public static string? Detach()
    {
        if (GrainCalls.HasListeners() || Activity.Current is not { } current)
        {
            return null;
        }

        Activity.Current = null;
        return current.Id;
    }
}
