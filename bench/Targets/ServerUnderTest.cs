using Cereon.Bench.Processes;

namespace Cereon.Bench.Targets;

/// <summary>
/// A running server that a scenario measures: its process (for RSS and CPU) and the URL of its live socket.
/// Disposing it kills the process.
/// </summary>
internal sealed class ServerUnderTest(string name, ChildProcess process, Uri socketUri) : IAsyncDisposable
{
    /// <summary>The row label in the results table.</summary>
    public string Name { get; } = name;

    public ChildProcess Process { get; } = process;

    public Uri SocketUri { get; } = socketUri;

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
