namespace Cereon.Gateway.Live;

/// <summary>What a <see cref="LiveFeed"/> hands each message to: one client subscription on a local socket.</summary>
internal interface ILiveListener
{
    /// <summary>The stream epoch the client was told when it subscribed.</summary>
    string Epoch { get; }

    /// <summary>A message with its shared frames, possibly repeated or out of order; the listener puts it in seq order.</summary>
    void OnLive(DataFrames frames);

    /// <summary>The stream started over under another epoch; the client must subscribe afresh.</summary>
    void Restart();
}
