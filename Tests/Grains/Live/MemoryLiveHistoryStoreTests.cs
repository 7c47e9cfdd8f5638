using System.Text;
using Cereon.Grains.Interfaces.Live;
using Cereon.Grains.Live;

namespace Cereon.Tests.Grains.Live;

/// <summary>
/// The embedded default's history store forgets streams nobody uses (issue 12: it kept an entry per stream for ever,
/// so 2,000 invented topics left 2,000 entries behind). A stream in use is appended to, loaded or trimmed at least
/// every 30 s by its grain; one untouched for the retention age has no producer and no viewers.
/// </summary>
public sealed class MemoryLiveHistoryStoreTests
{
    private static readonly TimeSpan RetainAge = TimeSpan.FromMinutes(10);
    private readonly Clock _clock = new();

    [Fact]
    public async Task StreamUntouchedForTheRetentionAge_IsForgotten_HeadAndMessages()
    {
        var store = new MemoryLiveHistoryStore(_clock);
        await store.StartAsync("idle", "e1", CancellationToken.None);
        await store.AppendAsync("idle", "e1", [Message(1)], CancellationToken.None);

        _clock.Advance(RetainAge + TimeSpan.FromSeconds(1));
        await store.ForgetIdleAsync(RetainAge, CancellationToken.None);
        var stored = await store.LoadAsync("idle", 100, DateTimeOffset.MinValue, CancellationToken.None);

        Assert.Null(stored.Epoch);
        Assert.Empty(stored.Recent);
        Assert.True(await store.StartAsync("idle", "e2", CancellationToken.None));
    }

    [Fact]
    public async Task StreamsAppendedToOrTrimmedWithinTheRetentionAge_AreKept()
    {
        var store = new MemoryLiveHistoryStore(_clock);
        await store.StartAsync("appended", "e", CancellationToken.None);
        await store.StartAsync("trimmed", "e", CancellationToken.None);
        await store.AppendAsync("trimmed", "e", [Message(1)], CancellationToken.None);

        _clock.Advance(RetainAge - TimeSpan.FromSeconds(30));
        await store.AppendAsync("appended", "e", [Message(1)], CancellationToken.None);
        await store.TrimAsync("trimmed", 0, _clock.GetUtcNow() - RetainAge, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await store.ForgetIdleAsync(RetainAge, CancellationToken.None);

        Assert.Equal("e", (await store.LoadAsync("appended", 100, DateTimeOffset.MinValue, CancellationToken.None)).Epoch);
        Assert.Equal("e", (await store.LoadAsync("trimmed", 100, DateTimeOffset.MinValue, CancellationToken.None)).Epoch);
    }

    private LiveMessage Message(long seq) => new(seq, $"e-{seq}", _clock.GetUtcNow(), Encoding.UTF8.GetBytes("{}"));

    private sealed class Clock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
