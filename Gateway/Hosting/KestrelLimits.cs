using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Cereon.Gateway.Hosting;

/// <summary>
/// Lets a GET carry parameters up to <see cref="GatewayOptions.MaxParamsBytes"/> even when percent-encoded (up to
/// three bytes each), so that oversized parameters get the protocol's JSON 413 from the decoder rather than
/// Kestrel's body-less 414 for a long request line; and bounds request bodies by
/// <see cref="GatewayOptions.MaxRequestBodyBytes"/>.
/// </summary>
internal sealed class KestrelLimits(IOptions<GatewayOptions> gateway) : IConfigureOptions<KestrelServerOptions>
{
    private const int RequestLineOverhead = 8 * 1024;

    public void Configure(KestrelServerOptions options)
    {
        options.Limits.MaxRequestLineSize = Math.Max(
            options.Limits.MaxRequestLineSize, (gateway.Value.MaxParamsBytes * 3) + RequestLineOverhead);
        options.Limits.MaxRequestBodySize = gateway.Value.MaxRequestBodyBytes;
    }
}
