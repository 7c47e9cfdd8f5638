using System.Diagnostics;
using Orleans.Diagnostics;

namespace Cereon.Gateway.Hosting;

/// <summary>
/// While no trace is exported, creates Orleans' grain-call activities unrecorded, so that a request's trace id still
/// travels into the grains it calls and their log lines. OpenTelemetry cannot do this: whatever its sampler, a dropped
/// span under a local parent is not created at all, and Orleans propagates context only through the span it creates.
/// Costs an unrecorded <see cref="Activity"/> per grain call made on behalf of a traced request.
/// </summary>
internal sealed class GrainCallTraceIds : IHostedService, IDisposable
{
    private readonly ActivityListener _listener = new()
    {
        ShouldListenTo = source => source.Name == ActivitySources.ApplicationGrainActivitySourceName,
        Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
            options.Parent.TraceId == default ? ActivitySamplingResult.None : ActivitySamplingResult.PropagationData,
    };

    public Task StartAsync(CancellationToken cancellationToken)
    {
        ActivitySource.AddActivityListener(_listener);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _listener.Dispose();
}
