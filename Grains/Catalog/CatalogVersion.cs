using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text.Json;
using Cereon.Grains.Interfaces.Cards;

namespace Cereon.Grains.Catalog;

/// <summary>
/// The catalog's version: a digest of the canonical bytes of its descriptors, every field of every part, the same in
/// every process. Gateways rebuild their endpoints when it differs, so a change to any card reaches them whichever
/// silo hosts the catalog, and an unchanged catalog never looks changed.
/// </summary>
internal static class CatalogVersion
{
    // Reflection-based on purpose: a property added to a descriptor part is in the bytes without anyone listing it.
    private static readonly JsonSerializerOptions Canonical = new();

    public static long Of(IReadOnlyList<CardDescriptor> cards)
    {
        var digest = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(cards, Canonical));
        return BinaryPrimitives.ReadInt64LittleEndian(digest) & long.MaxValue;
    }
}
