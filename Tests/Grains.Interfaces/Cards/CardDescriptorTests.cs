using System.Reflection;
using Cereon.Grains.Catalog;
using Cereon.Grains.Interfaces.Cards;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Cereon.Tests.Grains.Interfaces.Cards;

/// <summary>
/// A descriptor field that is left out of equality, of the catalog version or of the wire would let a changed card
/// look unchanged: gateways would keep serving the old declaration. Every field is found by reflection, so a field
/// added later is checked without anyone listing it here.
/// </summary>
public sealed class CardDescriptorTests
{
    private static readonly CardDescriptor Baseline = new()
    {
        ReportId = "r",
        CardId = "c",
        Kind = CardKinds.Number,
        Transport = CardTransports.Http,
    };

    private static readonly Serializer Wire = new ServiceCollection()
        .AddSerializer(serializer => serializer.AddAssembly(typeof(CardDescriptor).Assembly))
        .BuildServiceProvider()
        .GetRequiredService<Serializer>();

    public static TheoryData<string> Fields() => [.. EveryFieldChanged().Select(change => change.Path)];

    [Fact]
    public void EveryField_IsFound()
    {
        // The 22 fields of the flat descriptor this one replaced; a walk that found fewer would prove nothing.
        Assert.True(EveryFieldChanged().Count() >= 22, string.Join(", ", EveryFieldChanged().Select(c => c.Path)));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void EveryField_CountsInEquality_AndInTheCatalogVersion(string field)
    {
        var changed = EveryFieldChanged().Single(change => change.Path == field).Card;

        Assert.NotEqual(Baseline, changed);
        Assert.NotEqual(CatalogVersion.Of([Baseline]), CatalogVersion.Of([changed]));
    }

    [Theory]
    [MemberData(nameof(Fields))]
    public void EveryField_CrossesTheWire(string field)
    {
        var changed = EveryFieldChanged().Single(change => change.Path == field).Card;

        Assert.Equal(changed, RoundTrip(changed));
    }

    [Fact]
    public void Copies_AreEqual_WithTheSameHashAndVersion()
    {
        var copy = RoundTrip(Baseline);

        Assert.NotSame(Baseline.Http.Methods, copy.Http.Methods);
        Assert.Equal(Baseline, copy);
        Assert.Equal(Baseline.GetHashCode(), copy.GetHashCode());
        Assert.Equal(CatalogVersion.Of([Baseline]), CatalogVersion.Of([copy]));
    }

    private static CardDescriptor RoundTrip(CardDescriptor card) =>
        Wire.Deserialize<CardDescriptor>(Wire.SerializeToArray(card))!;

    private static IEnumerable<(string Path, CardDescriptor Card)> EveryFieldChanged() =>
        Changes(Baseline, nameof(CardDescriptor)).Select(change => (change.Path, (CardDescriptor)change.Value));

    /// <summary>One copy of <paramref name="value"/> per field, walking into the parts, with that field changed.</summary>
    private static IEnumerable<(string Path, object Value)> Changes(object value, string path)
    {
        foreach (var property in value.GetType().GetProperties().Where(p => p.SetMethod is not null))
        {
            var field = $"{path}.{property.Name}";
            var current = property.GetValue(value);
            var changes = IsPart(property.PropertyType)
                ? Changes(current!, field)
                : [(field, Changed(property.PropertyType, current, field))];
            foreach (var (changedPath, changed) in changes)
            {
                yield return (changedPath, With(value, property, changed));
            }
        }
    }

    private static bool IsPart(Type type) =>
        type.Namespace == typeof(CardDescriptor).Namespace && !type.IsGenericType && type.GetMethod("<Clone>$") is not null;

    private static object With(object record, PropertyInfo property, object changed)
    {
        var copy = record.GetType().GetMethod("<Clone>$")!.Invoke(record, null)!;
        property.SetValue(copy, changed);
        return copy;
    }

    private static object Changed(Type type, object? current, string field) => current switch
    {
        string text => text + "x",
        bool flag => !flag,
        int number => number + 1,
        TimeSpan span => span + TimeSpan.FromSeconds(1),
        EquatableList<string> list => EquatableList.Create<string>([.. list, "x"]),
        null when type == typeof(string) => "x",
        null when type == typeof(TimeSpan?) => TimeSpan.FromSeconds(1),
        _ => throw new InvalidOperationException($"{field}: teach this test how to change a {type.Name}"),
    };
}
