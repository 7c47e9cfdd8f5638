using System.Text.RegularExpressions;
using Cereon.Tests.Infrastructure;

namespace Cereon.Tests.Deployment;

/// <summary>
/// The shipped <c>deploy/nginx/cereon.conf</c>, pointed at gateways on loopback instead of the compose services and
/// wrapped in a main configuration that runs unprivileged, in the foreground, from a private directory.
/// </summary>
public static partial class NginxConfig
{
    public const string ShippedPath = "deploy/nginx/cereon.conf";

    /// <summary>The upstream servers of the shipped file: <c>host:port</c> of each compose gateway.</summary>
    public static IReadOnlyList<string> ShippedUpstreams() =>
        [.. UpstreamServer().Matches(RepositoryFiles.Read(ShippedPath)).Select(m => m.Groups["address"].Value)];

    /// <summary>Writes <c>nginx.conf</c> into <paramref name="directory"/> and returns its path.</summary>
    public static string Write(string directory, IReadOnlyList<Uri> gateways, int listenPort)
    {
        var shipped = RepositoryFiles.Read(ShippedPath);
        var upstreams = ShippedUpstreams();
        Assert.Equal(gateways.Count, upstreams.Count);
        var index = 0;
        var site = UpstreamServer().Replace(shipped, m => $"server 127.0.0.1:{gateways[index++].Port}{m.Groups["rest"].Value}");
        Assert.Contains("listen 80;", site, StringComparison.Ordinal);
        site = site.Replace("listen 80;", $"listen 127.0.0.1:{listenPort};", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(directory, "cereon.conf"), site);

        var temp = Path.Combine(directory, "temp");
        Directory.CreateDirectory(temp);
        var main = $$"""
            daemon off;
            master_process off;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log info;
            events { worker_connections 1024; }
            http {
                access_log {{directory}}/access.log;
                client_body_temp_path {{temp}}/body;
                proxy_temp_path {{temp}}/proxy;
                fastcgi_temp_path {{temp}}/fastcgi;
                uwsgi_temp_path {{temp}}/uwsgi;
                scgi_temp_path {{temp}}/scgi;
                include {{directory}}/cereon.conf;
            }
            """;
        var path = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(path, main);
        return path;
    }

    public static string Executable() =>
        Commands.Find("nginx") ?? throw new InvalidOperationException("nginx is not installed; scripts/services.sh install adds Debian's nginx");

    [GeneratedRegex(@"server\s+(?<address>gateway-\d+:\d+)(?<rest>[^;]*;)")]
    private static partial Regex UpstreamServer();
}
