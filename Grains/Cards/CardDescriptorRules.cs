using System.Text.RegularExpressions;
using Cereon.Grains.Interfaces.Cards;
using Cereon.Grains.Interfaces.Live;

namespace Cereon.Grains.Cards;

/// <summary>What makes a card declaration servable.</summary>
internal static partial class CardDescriptorRules
{
    private static readonly string[] KnownMethods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    public static IEnumerable<string> Check(CardDescriptor card)
    {
        if (!IdPattern().IsMatch(card.CardId))
        {
            yield return "card id must be letters, digits, '_', '-' or '.'";
        }

        if (string.IsNullOrWhiteSpace(card.ReportId))
        {
            yield return "report id is required";
        }

        if (string.IsNullOrWhiteSpace(card.Kind))
        {
            yield return "kind is required";
        }

        if (card.Http.Methods.Count == 0 || card.Http.Methods.Any(m => !KnownMethods.Contains(m)))
        {
            yield return $"methods must be some of {string.Join(", ", KnownMethods)}";
        }

        if (card.Http.CacheTtl < TimeSpan.Zero)
        {
            yield return "cache TTL must not be negative";
        }

        if (!StreamFormats.IsKnown(card.Streaming.Format))
        {
            yield return $"unknown stream format '{card.Streaming.Format}'";
        }

        if (!StreamErrorPolicies.IsKnown(card.Streaming.ErrorPolicy))
        {
            yield return $"unknown error policy '{card.Streaming.ErrorPolicy}'";
        }

        if (card.Streaming.PacketSize < 1)
        {
            yield return "packet size must be at least 1";
        }

        if (!CardAccess.IsKnown(card.Access.Level))
        {
            yield return $"access must be '{CardAccess.Public}' or '{CardAccess.SignedIn}'";
        }

        if (card.Access.RequiredClaims.Any(c => c.IndexOf('=', StringComparison.Ordinal) <= 0))
        {
            yield return "required claims must be written 'type=value'";
        }

        if (card.Access.Roles.Concat(card.Access.VaryByClaims).Any(string.IsNullOrWhiteSpace))
        {
            yield return "roles and claim types must not be empty";
        }

        if (!card.Live.Topics.All(LiveTopics.IsWellFormed))
        {
            yield return $"topics must be 1 to {LiveTopics.MaxLength} letters, digits or '_', '.', ':', '/', '=', '-'";
        }

        if (card.Live.AckPolicy is not ("auto" or "manual"))
        {
            yield return "ack policy must be 'auto' or 'manual'";
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex IdPattern();
}
