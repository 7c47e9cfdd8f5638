using System.Diagnostics;

namespace Cereon.Grains.Telemetry;

/// <summary>How a handler run ended, as the handler duration and failure metrics and the run's span record it.</summary>
internal static class HandlerRuns
{
    public const string Ok = "ok";

    public static void Record(string route, TimeSpan duration, string outcome, Activity? span)
    {
        var card = CardMetrics.Card(route);
        CardMetrics.HandlerDuration.Record(duration.TotalSeconds, card, new("outcome", outcome));
        if (outcome != Ok)
        {
            CardMetrics.HandlerFailures.Add(1, card, new("reason", outcome));
            span?.SetStatus(ActivityStatusCode.Error, outcome);
        }
    }
}
