using System.Collections.Immutable;

namespace Cereon.Grains.Interfaces.Cards;

/// <summary>Builds <see cref="EquatableList{T}"/> from collection expressions: <c>Methods = ["GET", "POST"]</c>.</summary>
public static class EquatableList
{
    public static EquatableList<T> Create<T>(ReadOnlySpan<T> items)
        where T : IEquatable<T> =>
        items.IsEmpty ? EquatableList<T>.Empty : new(ImmutableArray.Create(items));
}
