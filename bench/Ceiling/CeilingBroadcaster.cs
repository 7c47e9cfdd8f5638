using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;

namespace Cereon.Bench.Ceiling;

/// <summary>
/// The ceiling's producer and fan-out: every tick it builds one data message and offers it to every subscribed socket
/// in a plain loop. Each socket has its own bounded queue and send task, so one slow client never holds up the loop.
/// </summary>
internal sealed class CeilingBroadcaster(TimeSpan interval, TimeProvider time) : BackgroundService
{
    /// <summary>The gateway's default heartbeat; the ceiling pings as often so both servers do the same work.</summary>
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<CeilingConnection, byte> _connections = new();

    /// <summary>Changes on every start, like a card stream's epoch after its history is lost.</summary>
    public string Epoch { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public TimeProvider Time => time;

    public void Add(CeilingConnection connection) => _connections.TryAdd(connection, 0);

    public void Remove(CeilingConnection connection) => _connections.TryRemove(connection, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A PeriodicTimer does not drift: ticks stay on the 100 ms grid however long a fan-out takes.
        using var timer = new PeriodicTimer(interval, time);
        var lastPing = time.GetTimestamp();
        var ticker = new CeilingTicker(interval, time.GetUtcNow());
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = time.GetUtcNow();
            ticker.Tick(now);
            var head = CeilingFrames.DataHead(Epoch, ticker.Seq, now, ticker.Window);

            // Enumerating the dictionary itself takes no lock and no snapshot copy of 10,000 keys per tick.
            foreach (var (connection, _) in _connections)
            {
                connection.OfferData(head);
            }

            if (time.GetElapsedTime(lastPing) >= Heartbeat)
            {
                lastPing = time.GetTimestamp();
                var ping = CeilingFrames.Action("ping", now);
                foreach (var (connection, _) in _connections)
                {
                    connection.Offer(ping);
                }
            }
        }
    }
}
