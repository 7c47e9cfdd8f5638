using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cereon.Gateway.Parameters;
using Cereon.Gateway.Security;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;

namespace Cereon.Gateway.Live;

/// <summary>
/// The protocol side of one WebSocket connection (protocol.md §6): what each client message means (subscribe,
/// unsubscribe, ack, ping, a card's own actions) and the subscriptions it leaves. Frames go out through the
/// <see cref="CardSocketSession"/>, which owns the socket and its loops; one message is handled at a time.
/// </summary>
internal sealed partial class CardSocketActions(
    CardSocketSession session,
    CardDescriptor card,
    SocketQuery query,
    ClaimsPrincipal user,
    SocketClient client,
    LiveSocketServices services)
{
    private static readonly JsonDocumentOptions MessageJson = new() { MaxDepth = 32 };

    private readonly string _paramsJson = CanonicalJson.Write(query.CardParams);
    private readonly Dictionary<string, LiveSubscriber> _subscriptions = new(StringComparer.Ordinal);

    private DateTimeOffset Now => services.Time.GetUtcNow();

    public void HandleBinary() => SendError("Binary messages are not supported");

    /// <summary>Leaves every subscription: the connection has ended.</summary>
    public void LeaveAll()
    {
        foreach (var subscriber in _subscriptions.Values)
        {
            services.Hub.Leave(subscriber);
            services.Viewers.Unsubscribed(subscriber.Route);
        }
    }

    public async Task HandleAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        if (!ClientText.IsValid(frame.Span))
        {
            session.TryEnqueue(OutgoingFrame.Whole(SocketFrames.InvalidText(frame.Span, Now)));
            return;
        }

        JsonObject message;
        try
        {
            if (JsonNode.Parse(frame.Span, documentOptions: MessageJson) is not JsonObject parsed)
            {
                SendError("Messages must be JSON objects");
                return;
            }

            // Reading the members here surfaces duplicate keys now, as bad input, rather than later as a crash.
            _ = parsed.Count;
            message = parsed;
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            SendError("Invalid JSON message");
            return;
        }

        switch (SocketValues.Text(message["action"]))
        {
            case "subscribe":
                await SubscribeAsync(message, cancellationToken);
                break;
            case "unsubscribe":
                Unsubscribe(message);
                break;
            case "ping":
                session.TryEnqueue(OutgoingFrame.Whole(SocketFrames.Action("pong", Now)));
                break;
            case "pong":
                break;
            case "ack":
                Ack(message);
                break;
            case null:
                SendError("Missing 'action'");
                break;
            default:
                await ForwardToCardAsync(message, frame);
                break;
        }
    }

    private async Task SubscribeAsync(JsonObject message, CancellationToken cancellationToken)
    {
        var subscriptionId = SocketValues.Text(message["subscriptionId"]) ?? query.SubscriptionId ?? Guid.NewGuid().ToString("N");
        var requested = SocketValues.Text(message["topic"]) ?? query.Topic;
        var target = await ResolveCardAsync(SocketValues.Text((message["clientInfo"] as JsonObject)?["cardId"]), cancellationToken);
        if (target is null)
        {
            SendSubscriptionError(subscriptionId, "Unknown live card");
            return;
        }

        if (LiveTopics.Resolve(target, requested) is not { } topic)
        {
            SendSubscriptionError(subscriptionId, $"Unknown topic '{requested}'");
            return;
        }

        var formatName = SocketValues.Text(message["format"]) ?? query.Format;
        if (LiveFormats.Parse(formatName) is not { } format)
        {
            SendSubscriptionError(subscriptionId, $"Unknown format '{formatName}'; use 'record' or 'envelope'");
            return;
        }

        if (await services.Authorization.DecideAsync(user, target) != CardAccessDecision.Allowed)
        {
            SendSubscriptionError(subscriptionId, "Not allowed to use this card");
            return;
        }

        Unsubscribe(subscriptionId, answer: false);
        if (_subscriptions.Count >= services.Options.MaxSubscriptionsPerSocket)
        {
            SendSubscriptionError(subscriptionId, $"At most {services.Options.MaxSubscriptionsPerSocket} subscriptions per connection");
            return;
        }

        var (caller, partition) = CallerClaims.For(user, target);
        var key = LiveCardKeys.For(target.Route, topic, _paramsJson, partition);
        if (!services.Hub.Serves(key) && !services.StreamStarts.TryStart(client.Address))
        {
            session.RequestClose(CloseCodes.TryAgainLater, "Too many new live streams; reconnect more slowly");
            return;
        }

        var grain = services.Grains.GetGrain<ILiveCardGrain>(key);
        var subscriber = new LiveSubscriber(session, subscriptionId, client.Cursor(subscriptionId), target.Route, topic, format, grain, services.Logger);
        _subscriptions[subscriptionId] = subscriber;
        services.Viewers.Subscribed(target.Route);
        var resumeSeq = SocketValues.Seq(message["resumeSeq"]) ?? query.ResumeSeq;
        var epoch = SocketValues.Text(message["epoch"]) ?? query.Epoch;
        try
        {
            await services.Hub.JoinAsync(key, subscriber, topic, _paramsJson, caller);
            var subscription = await grain.SubscribeAsync(new LiveSubscribeRequest(
                services.Hub.GatewayId, subscriber.Cursor, resumeSeq, epoch, topic, _paramsJson, caller));
            if (subscription.Error is { } refused)
            {
                Unsubscribe(subscriptionId, answer: false);
                SendSubscriptionError(subscriptionId, refused);
                return;
            }

            subscriber.Start(subscription, resumeSeq, SocketFrames.Subscribed(subscriptionId, requested ?? LiveCardKeys.DefaultTopic, subscription.Epoch, subscription.Recovered, Now));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogSubscribeFailed(services.Logger, key, ex);
            Unsubscribe(subscriptionId, answer: false);
            SendSubscriptionError(subscriptionId, "Live card unavailable; retry");
        }
    }

    private async Task<CardDescriptor?> ResolveCardAsync(string? cardId, CancellationToken cancellationToken)
    {
        if (cardId is null || cardId == card.CardId)
        {
            return card;
        }

        var other = await services.Catalog.FindAsync(CardRoutes.Combine(card.RoutePrefix, cardId), cancellationToken);
        return other?.Transport == CardTransports.WebSocket ? other : null;
    }

    private void Unsubscribe(JsonObject message)
    {
        var subscriptionId = SocketValues.Text(message["subscriptionId"]);
        if (subscriptionId is null)
        {
            SendError("'unsubscribe' needs a 'subscriptionId'");
            return;
        }

        Unsubscribe(subscriptionId, answer: true);
    }

    private void Unsubscribe(string subscriptionId, bool answer)
    {
        if (_subscriptions.Remove(subscriptionId, out var subscriber))
        {
            services.Hub.Leave(subscriber);
            services.Viewers.Unsubscribed(subscriber.Route);
        }

        if (answer)
        {
            session.TryEnqueue(OutgoingFrame.Whole(SocketFrames.Unsubscribed(subscriptionId, Now)));
        }
    }

    private void Ack(JsonObject message)
    {
        // protocol.md §6: an ack is never answered, not even one for an id this server never sent.
        if (SocketValues.ParseMessageId(SocketValues.Text(message["messageId"])) is not var (epoch, seq))
        {
            return;
        }

        var only = SocketValues.Text(message["subscriptionId"]);
        foreach (var subscriber in _subscriptions.Values.Where(s => s.Epoch == epoch && (only is null || s.SubscriptionId == only)))
        {
            subscriber.Feed?.Ack(subscriber.Cursor, seq);
        }
    }

    private async Task ForwardToCardAsync(JsonObject message, ReadOnlyMemory<byte> frame)
    {
        if (!card.Live.AcceptsClientMessages)
        {
            SendError($"Unknown action '{SocketValues.Text(message["action"])}'");
            return;
        }

        var requested = SocketValues.Text(message["topic"]) ?? query.Topic;
        if (LiveTopics.Resolve(card, requested) is not { } topic)
        {
            SendError($"Unknown topic '{requested}'");
            return;
        }

        var (caller, partition) = CallerClaims.For(user, card);
        var grain = services.Grains.GetGrain<ILiveCardGrain>(LiveCardKeys.For(card.Route, topic, _paramsJson, partition));
        try
        {
            if (await grain.HandleClientMessageAsync(Encoding.UTF8.GetString(frame.Span), _paramsJson, caller) is { } error)
            {
                SendError(error);
            }
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            LogSubscribeFailed(services.Logger, card.Route, ex);
            SendError("Live card unavailable; retry");
        }
    }

    private void SendError(string message) => session.TryEnqueue(OutgoingFrame.Whole(SocketFrames.Error(message, Now)));

    private void SendSubscriptionError(string subscriptionId, string message) =>
        session.TryEnqueue(OutgoingFrame.Whole(SocketFrames.SubscriptionError(subscriptionId, message, Now)));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live card {Key} could not be reached")]
    private static partial void LogSubscribeFailed(ILogger logger, string key, Exception exception);
}
