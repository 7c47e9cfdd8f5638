using System.Collections;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace Cereon.Grains.Interfaces.Cards;

/// <summary>
/// An immutable list that is equal to another with the same items in the same order. A record compares a plain list
/// by reference, so two copies of one declaration (one stored, one just deserialised) would never be equal; with this
/// type inside, the compiler's record equality compares by value all the way down.
/// </summary>
[GenerateSerializer, Immutable, Alias("cereon.equatable-list`1")]
[CollectionBuilder(typeof(EquatableList), nameof(EquatableList.Create))]
public sealed class EquatableList<T> : IReadOnlyList<T>, IEquatable<EquatableList<T>>
    where T : IEquatable<T>
{
    [Id(0)] private readonly ImmutableArray<T> _items;

    internal EquatableList(ImmutableArray<T> items) => _items = items;

    internal static EquatableList<T> Empty { get; } = new([]);

    public int Count => _items.Length;

    public T this[int index] => _items[index];

    public ImmutableArray<T>.Enumerator GetEnumerator() => _items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)_items).GetEnumerator();

    public bool Equals(EquatableList<T>? other) =>
        other is not null && (ReferenceEquals(this, other) || _items.AsSpan().SequenceEqual(other._items.AsSpan()));

    public override bool Equals(object? obj) => Equals(obj as EquatableList<T>);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in _items)
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>The items, as <c>[a, b]</c>: what a record's generated <c>ToString</c> and test failures show.</summary>
    public override string ToString() => "[" + string.Join(", ", _items) + "]";
}
