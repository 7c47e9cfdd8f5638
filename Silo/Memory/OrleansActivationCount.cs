using System.Diagnostics.Metrics;

namespace Cereon.Silo.Memory;

/// <summary>
/// This silo's activations, all grain types together, read on demand from Orleans' own gauge
/// (<c>orleans-catalog-activations</c>, one measurement per grain type). Orleans offers no public count otherwise:
/// <c>IActivationWorkingSet.Count</c> counts recently active activations, which falls as soon as they go idle,
/// minutes before they are collected. Only the instrument of this host's meter factory is read, so silos that share a
/// process (test clusters) are not summed.
/// </summary>
internal sealed class OrleansActivationCount : IDisposable
{
    private const string InstrumentName = "orleans-catalog-activations";
    private readonly MeterListener _listener = new();
    private long _sum;

    public OrleansActivationCount(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == InstrumentName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<int>((_, value, _, _) => _sum += value);
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => _sum += value);
        _listener.Start();
    }

    /// <summary>Observes the gauge now. Not thread-safe: one caller, the reclaimer's loop.</summary>
    public long Read()
    {
        _sum = 0;
        _listener.RecordObservableInstruments();
        return _sum;
    }

    public void Dispose() => _listener.Dispose();
}
