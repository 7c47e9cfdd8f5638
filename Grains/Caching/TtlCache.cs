using System.Diagnostics.CodeAnalysis;

namespace Cereon.Grains.Caching;

/// <summary>
/// One kept result and the moment it goes stale, by the silo's clock: the freshness rule of both card grains (an http
/// card's cached answer, a streaming card's recording). Fresh strictly before its TTL has passed; stale from then on,
/// whether or not the grain's expiry timer has already forgotten it.
/// </summary>
internal sealed class TtlCache<T>(TimeProvider time)
    where T : class
{
    private T? _value;
    private DateTimeOffset _until;

    /// <summary>Whether a result is kept, fresh or stale.</summary>
    public bool IsHeld => _value is not null;

    /// <summary>The kept result, fresh or stale; null when none is.</summary>
    public T? Held => _value;

    /// <summary>When the kept result goes stale; null when none is kept.</summary>
    public DateTimeOffset? Until => _value is null ? null : _until;

    /// <summary>The kept result and what is left of its TTL, while it is fresh.</summary>
    public bool TryGetFresh([NotNullWhen(true)] out T? value, out TimeSpan freshFor)
    {
        var now = time.GetUtcNow();
        if (_value is not null && now < _until)
        {
            value = _value;
            freshFor = _until - now;
            return true;
        }

        value = null;
        freshFor = TimeSpan.Zero;
        return false;
    }

    /// <summary>Keeps <paramref name="value"/> for <paramref name="ttl"/> from now; false, keeping nothing, for no TTL.</summary>
    public bool Keep(T value, TimeSpan ttl)
    {
        _value = null;
        if (ttl <= TimeSpan.Zero)
        {
            return false;
        }

        _value = value;
        _until = time.GetUtcNow() + ttl;
        return true;
    }

    /// <summary>Drops the kept result; false when none was kept.</summary>
    public bool Forget()
    {
        var held = _value is not null;
        _value = null;
        return held;
    }
}
