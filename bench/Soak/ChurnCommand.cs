using System.Globalization;
using Cereon.Bench.Cli;
using Cereon.Bench.Targets;
using static Cereon.Bench.Suite.Format;

namespace Cereon.Bench.Soak;

/// <summary>
/// Issue 12's parameter-churn run: the embedded default with a small cache budget, read at full speed with the
/// issue's mix (60 % cached, 30 % new parameter sets, 10 % streaming), its RSS sampled throughout. Fails when RSS
/// ever passes the limit.
/// </summary>
internal sealed class ChurnCommand : IBenchCommand
{
    public string Name => "churn";

    public string? Usage => """
        churn      Parameter churn at full speed on the embedded default; RSS over time as a Markdown table.
          --seconds S          length of the run (default 90)
          --concurrency C      readers at once (default 32)
          --max-bytes B        Cereon__Cache__MaxBytes of the silo (default 67108864)
          --sample S           seconds between RSS samples (default 5)
          --limit-mib M        fail when RSS passes M MiB (default 1024)
          --cached P           percent of reads of the cached card (default 60)
          --new-params P       percent of reads with a new parameter set (default 30); the rest are streaming reads
        """;

    public async Task<int> RunAsync(CommandArgs args, CancellationToken cancellationToken)
    {
        var seconds = args.Int("seconds", 90, 5, 3600);
        var concurrency = args.Int("concurrency", 32, 1, 1024);
        var maxBytes = args.Int("max-bytes", 64 * 1024 * 1024, 0, int.MaxValue);
        var sample = args.Int("sample", 5, 1, 600);
        var limitMiB = args.Int("limit-mib", 1024, 64, 1024 * 1024);
        var cached = args.Int("cached", ReadMix.Issue12.CachedPercent, 0, 100);
        var mix = new ReadMix(cached, args.Int("new-params", ReadMix.Issue12.ChurnPercent, 0, 100 - cached));
        args.RejectUnknown();

        var silo = await SiloBuild.EnsureAsync(rebuild: false, cancellationToken);
        var settings = new Dictionary<string, string> { ["Cereon__Cache__MaxBytes"] = maxBytes.ToString(CultureInfo.InvariantCulture) };
        await using var server = await CereonSilo.StartAsync(silo, 0, "/api/cards/mrr_overview", cancellationToken, settings);
        var reads = new MixedReads(server.BaseUrl, concurrency, mix);
        var curve = new RssCurve(server.Process.Id, TimeSpan.FromSeconds(sample)) { Phase = "churn" };
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            await Task.WhenAll(reads.RunAsync(stop.Token), curve.RunAsync(stop.Token));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var maxMiB = curve.MaxKiB / 1024.0;
        var output = Console.Out;
        await output.WriteLineAsync(Invariant($"## Parameter churn, {seconds} s, {concurrency} readers ({mix.CachedPercent} % cached, {mix.ChurnPercent} % new parameter sets, {100 - mix.CachedPercent - mix.ChurnPercent} % streaming), Cereon__Cache__MaxBytes={maxBytes}"));
        await output.WriteLineAsync();
        await RssCurve.WriteAsync(output, curve.Samples);

        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"{reads.Requests:N0} requests ({reads.Failures:N0} failed), {reads.Requests / (double)seconds:N0}/s; max RSS {maxMiB:N0} MiB (limit {limitMiB:N0}); load average {LoadAverage()}"));
        return maxMiB <= limitMiB && reads.Requests > 0 ? 0 : BenchFailure.RunFailed;
    }

    internal static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}
