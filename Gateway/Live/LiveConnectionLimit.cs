using System.Globalization;

namespace Cereon.Gateway.Live;

/// <summary>
/// The most WebSocket connections this gateway holds (past it upgrades get 503 with Retry-After), and how that number
/// came about: <see cref="LiveSocketOptions.MaxConnections"/> when set, else derived from this process's memory and
/// open-file limit, so a larger machine or container takes more viewers without a setting.
/// </summary>
internal sealed record LiveConnectionLimit(int Value, string Derivation)
{
    /// <summary>The share of the memory this process may use that sockets may take; the rest is the silo's, the cache's and the runtime's.</summary>
    public const double MemoryFraction = 0.25;

    /// <summary>
    /// What one socket costs: a receiving socket measured 29 KiB of gateway memory (BENCHMARKS.md), an idle one 12-24 KiB,
    /// and 25 KiB of committed heap, now that a socket holds no receive buffer between messages (it held 128 KiB).
    /// </summary>
    public const long BytesPerSocket = 32 * 1024;

    /// <summary>Descriptors kept for everything but the sockets (the embedded silo holds about 300 at rest), at most half the limit.</summary>
    public const long OtherFiles = 1024;

    public const int Largest = 1_000_000;

    /// <summary>The limit for this process: the GC's view of available memory (a container's limit, or DOTNET_GCHeapHardLimit, when set) and its open-file limit.</summary>
    public static LiveConnectionLimit ForThisProcess(LiveSocketOptions options) =>
        For(options, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, OpenFilesLimit());

    public static LiveConnectionLimit For(LiveSocketOptions options, long availableMemoryBytes, long? openFilesLimit) =>
        options.MaxConnections is { } set
            ? new LiveConnectionLimit(set, "set by Cereon:WebSocket:MaxConnections")
            : Derive(availableMemoryBytes, openFilesLimit);

    public static LiveConnectionLimit Derive(long availableMemoryBytes, long? openFilesLimit)
    {
        var byMemory = (long)(MemoryFraction * Math.Max(0, availableMemoryBytes) / BytesPerSocket);
        var derivation = string.Create(CultureInfo.InvariantCulture, $"derived: a quarter of the {availableMemoryBytes / (1024 * 1024):N0} MiB this process may use at {BytesPerSocket / 1024} KiB a socket is {byMemory:N0}");
        var limit = byMemory;
        if (openFilesLimit is { } files)
        {
            // Past the open-file limit an upgrade would fail with EMFILE instead of a clean 503.
            var byFiles = files - Math.Min(OtherFiles, files / 2);
            derivation += string.Create(CultureInfo.InvariantCulture, $"; the open-file limit {files} less {files - byFiles} for other files is {byFiles:N0}");
            limit = Math.Min(limit, byFiles);
        }

        return new LiveConnectionLimit((int)Math.Clamp(limit, 1, Largest), derivation);
    }

    /// <summary>The soft "Max open files" of /proc/self/limits; <see langword="null"/> when unlimited or not on Linux.</summary>
    private static long? OpenFilesLimit()
    {
        const string Prefix = "Max open files";
        if (!File.Exists("/proc/self/limits"))
        {
            return null;
        }

        var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith(Prefix, StringComparison.Ordinal));
        var soft = line?[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }
}
