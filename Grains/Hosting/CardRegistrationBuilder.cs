using System.Reflection;
using Cereon.Grains.Cards;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cereon.Grains.Hosting;

/// <summary>Chooses which cards a silo hosts: one by one, or every card type in an assembly.</summary>
public sealed class CardRegistrationBuilder(IServiceCollection services)
{
    public CardRegistrationBuilder AddCard<TCard>() where TCard : Card => AddCard(typeof(TCard));

    /// <summary>Adds every concrete <see cref="Card"/> type defined in <paramref name="assembly"/>.</summary>
    public CardRegistrationBuilder AddCardsFromAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(IsCardType).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            AddCard(type);
        }

        return this;
    }

    /// <summary>Adds the demo reports of shared/demo-cards.md: saas_metrics, package_summary and showcase.</summary>
    public CardRegistrationBuilder AddDemoCards()
    {
        foreach (var type in typeof(CardRegistrationBuilder).Assembly.GetTypes()
                     .Where(t => IsCardType(t) && t.Namespace?.StartsWith("Cereon.Grains.Demo", StringComparison.Ordinal) == true)
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            AddCard(type);
        }

        return this;
    }

    private CardRegistrationBuilder AddCard(Type type)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton(typeof(Card), type));
        return this;
    }

    private static bool IsCardType(Type type) => type is { IsAbstract: false, IsClass: true } && type.IsSubclassOf(typeof(Card));
}
