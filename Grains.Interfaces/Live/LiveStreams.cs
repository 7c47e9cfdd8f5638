namespace Cereon.Grains.Interfaces.Live;

/// <summary>The Orleans stream provider and namespace that carry live card messages from grains to gateways.</summary>
public static class LiveStreams
{
    public const string ProviderName = "cards-live";
    public const string Namespace = "live";

    /// <summary>Grain storage the stream provider keeps its subscriptions in.</summary>
    public const string PubSubStorage = "PubSubStore";
}
