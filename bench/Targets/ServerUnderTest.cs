using Cereon.Bench.Processes;

namespace Cereon.Bench.Targets;

/// <summary>
/// A running server that a scenario measures: its process (for RSS and CPU) and the URL of its live socket.
/// Disposing it kills the process.
/// </summary>
internal sealed class ServerUnderTest(string name, ChildProcess process, Uri socketUri, string? overrides = null) : IAsyncDisposable
{
    /// <summary>The row label in the results table.</summary>
    public string Name { get; } = name;

    public ChildProcess Process { get; } = process;

    public Uri SocketUri { get; } = socketUri;

    /// <summary>Settings the bench changed from the server's defaults, for the notes; <see langword="null"/> when none.</summary>
    public string? Overrides { get; } = overrides;

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
