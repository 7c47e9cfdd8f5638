using Cereon.Bench.Streaming;
using static Cereon.Bench.Suite.Format;

namespace Cereon.Bench.Suite;

/// <summary>The large NDJSON stream's row: Cereon's reads beside the ceiling's replay of the same bytes.</summary>
internal sealed partial class SuiteRun
{
    private void AddBulkRows(string bulkPath, int? captureAbortedAfter, BulkComparison bulk, int replayBytes, int synthesized)
    {
        var (cereonBulk, bareBulk) = (bulk.Cereon, bulk.Ceiling);
        var bulkScenario = Invariant($"4. streaming, {settings.StreamRecords:N0}-record NDJSON");
        var cereonRate = cereonBulk.MegabytesPerSecond is { } rate ? N1(rate) : "none complete";
        var bulkRatio = cereonBulk.MegabytesPerSecond is { } complete && bareBulk.MegabytesPerSecond is { } bareRate ? Ratio(complete, bareRate) : string.Empty;
        IReadOnlyList<int> cereonAborted = captureAbortedAfter is { } capturedRecords ? [capturedRecords, .. cereonBulk.Aborted] : cereonBulk.Aborted;
        var cereonReads = cereonBulk.Reads + 1;
        var bulkMet = cereonAborted.Count == 0 && cereonBulk.MegabytesPerSecond is { } measured && bareBulk.MegabytesPerSecond is { } ceilingRate && measured >= 0.5 * ceilingRate;
        report.Add(new ResultRow(bulkScenario, Invariant($"MB/s ({replayBytes / 1e6:0.0} MB); reads ended early"), Invariant($"{cereonRate}; {cereonAborted.Count} of {cereonReads}"), Invariant($"{(bareBulk.MegabytesPerSecond is { } b ? N1(b) : "none complete")}; {bareBulk.Aborted.Count} of {bareBulk.Reads}"), bulkRatio, "≥ 0.50× ceiling MB/s, every read complete", Meets(bulkMet)));
        if (cereonAborted.Count > 0)
        {
            Failed = true;
            report.Note(Invariant($"{bulkScenario}: {cereonAborted.Count} of {cereonReads} Cereon reads ended early, after {string.Join(", ", cereonAborted.Select(n => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))} records (the gateway logs Orleans' EnumerationAbortedException: the streaming grain's enumerator was no longer known where the next MoveNext landed). {synthesized:N0} of the ceiling's lines were written from Cereon's first line with the counter changed, to replay the full stream at Cereon's record size."));
        }

        report.Command(bulkScenario, Invariant($"GET `{bulkPath}` on the bench host, read to the end once to capture it, then each stream warmed {WarmUpText(StreamWarmUpLimits)} (here Cereon {WarmUpSummary(bulk.CereonWarmUp)}, the ceiling {WarmUpSummary(bulk.CeilingWarmUp)}), then {settings.BulkRuns} measured reads of each (median), taken in turn. Ceiling: `bench -- http-ceiling --stream <the captured bytes>`, replaying the same lines with a flush every 1,000 (the gateway's PacketSize)"));
    }

    /// <summary>How long a stream was warmed, and its MB/s in the first and last window: a fresh silo starts far lower.</summary>
    private static string WarmUpSummary(BulkWarmUp warmUp) =>
        Invariant($"{warmUp.Warmed.TotalSeconds:0} s, {N1(warmUp.WindowRates[0])} MB/s in its first window and {N1(warmUp.WindowRates[^1])} in its last");
}
