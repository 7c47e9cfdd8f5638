using System.Collections.Frozen;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Cards;

/// <summary>
/// The cards this silo hosts, by route. Built once at start; an invalid declaration or two cards on one route
/// stop the silo with a message naming the cards.
/// </summary>
public sealed class CardRegistry
{
    private readonly FrozenDictionary<string, Card> _byRoute;

    public CardRegistry(IEnumerable<Card> cards)
    {
        var byRoute = new Dictionary<string, Card>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var card in cards)
        {
            var descriptor = card.Descriptor;
            problems.AddRange(CardDescriptorRules.Check(descriptor).Select(p => $"{Describe(card)}: {p}"));
            if (byRoute.TryGetValue(descriptor.Route, out var existing))
            {
                problems.Add($"duplicate card route '{descriptor.Route}': {Describe(existing)} and {Describe(card)}");
                continue;
            }

            byRoute.Add(descriptor.Route, card);
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid card registrations: " + string.Join("; ", problems));
        }

        _byRoute = byRoute.ToFrozenDictionary(StringComparer.Ordinal);
        Descriptors = [.. _byRoute.Values.Select(c => c.Descriptor).OrderBy(d => d.ReportId).ThenBy(d => d.CardId)];
    }

    public IReadOnlyList<CardDescriptor> Descriptors { get; }

    public bool TryGet(string route, out Card card) => _byRoute.TryGetValue(route, out card!);

    private static string Describe(Card card) =>
        $"{card.GetType().FullName} (report '{card.Descriptor.ReportId}', card '{card.Descriptor.CardId}')";
}
