using System.Reflection;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Cards;

/// <summary>
/// A card. Derive from <see cref="HttpCard"/>, <see cref="StreamingCard"/> or <see cref="LiveCard"/> and put a
/// <see cref="CardAttribute"/> on the class; override <see cref="Describe"/> to compute the declaration instead.
/// Cards are singletons created by dependency injection, so constructors may take services.
/// </summary>
public abstract class Card
{
    private CardDescriptor? _descriptor;

    private protected Card()
    {
    }

    /// <summary>The card's declaration as the catalog publishes it.</summary>
    public CardDescriptor Descriptor => _descriptor ??= Describe();

    private protected abstract string Transport { get; }

    /// <summary>Whether the card takes WebSocket client messages other than the protocol's own actions.</summary>
    protected virtual bool AcceptsClientMessages => false;

    /// <summary>Whether the card serves topics besides those it declares (<see cref="LiveDescriptor.OpenTopics"/>).</summary>
    protected virtual bool OpenTopics => false;

    /// <summary>Builds the declaration; by default from the class's <see cref="CardAttribute"/>.</summary>
    protected virtual CardDescriptor Describe()
    {
        var declared = GetType().GetCustomAttribute<CardAttribute>()
            ?? throw new InvalidOperationException(
                $"Card {GetType().FullName} has no [Card] attribute; add one or override Describe().");

        return new CardDescriptor
        {
            ReportId = declared.ReportId,
            CardId = declared.CardId,
            Kind = declared.Kind,
            Transport = Transport,
            RoutePrefix = CardRoutes.NormalizePrefix(declared.RoutePrefix),
            Title = declared.Title,
            Http = new HttpDescriptor
            {
                Methods = [.. declared.Methods.Select(m => m.ToUpperInvariant()).Distinct()],
                CacheTtl = double.IsNaN(declared.CacheTtlSeconds) ? null : TimeSpan.FromSeconds(declared.CacheTtlSeconds),
            },
            Streaming = new StreamingDescriptor
            {
                Format = declared.Format,
                PacketSize = declared.PacketSize,
                ErrorPolicy = declared.ErrorPolicy,
                Delimiter = declared.Delimiter,
            },
            Live = new LiveDescriptor
            {
                Topics = [.. declared.Topics],
                OpenTopics = OpenTopics,
                Heartbeat = declared.HeartbeatMs > 0 ? TimeSpan.FromMilliseconds(declared.HeartbeatMs) : null,
                AckPolicy = declared.AckPolicy,
                AcceptsClientMessages = AcceptsClientMessages,
            },
            Access = new AccessDescriptor
            {
                Level = declared.Roles.Length > 0 || declared.RequiredClaims.Length > 0 ? CardAccess.SignedIn : declared.Access,
                Roles = [.. declared.Roles],
                RequiredClaims = [.. declared.RequiredClaims],
                VaryByCaller = declared.VaryByCaller,
                VaryByClaims = [.. declared.VaryByClaims],
            },
        };
    }
}
