using System.Diagnostics;

namespace Cereon.Tests.Infrastructure;

/// <summary>
/// Debian's <c>chromium</c> (installed by <c>scripts/services.sh install</c>), headless: screenshots and the DOM after
/// a page's scripts ran for a while of virtual time.
/// </summary>
public static class HeadlessChromium
{
    private static readonly string[] Executables = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    /// <summary>Where screenshots are kept: <c>artifacts/</c> beside the test assembly.</summary>
    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public static async Task<string> ScreenshotAsync(Uri page, string fileName, int height = 1400)
    {
        var path = Path.Combine(ArtifactsDirectory, fileName);
        File.Delete(path);
        await RunAsync(page, $"--window-size=1280,{height}", $"--screenshot={path}");
        Assert.True(File.Exists(path) && new FileInfo(path).Length > 0, $"chromium wrote no screenshot of {page}");
        return path;
    }

    public static async Task<string> DumpDomAsync(Uri page) => (await RunAsync(page, "--dump-dom")).Output;

    /// <summary>
    /// Opens a page in real time (no virtual time: its sockets and timers run as in a browser) until disposed. The
    /// page reports what it saw itself, to the server that served it.
    /// </summary>
    public static IAsyncDisposable Open(Uri page)
    {
        var executable = Executables.FirstOrDefault(File.Exists);
        Assert.True(executable is not null, "chromium is not installed: run scripts/services.sh install (apt-get install chromium).");
        var profile = Directory.CreateTempSubdirectory("cereon-chromium-");
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", $"--user-data-dir={profile.FullName}", page.ToString()])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return new OpenPage(process, profile);
    }

    /// <summary>
    /// What the page wrote to the browser console while its scripts ran (Content-Security-Policy violations among
    /// it), one line per message, and its DOM after.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Console, string Dom)> ConsoleAsync(Uri page)
    {
        var (dom, log) = await RunAsync(page, "--enable-logging=stderr", "--v=0", "--dump-dom");
        return ([.. log.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal))], dom);
    }

    private static async Task<(string Output, string Log)> RunAsync(Uri page, params string[] arguments)
    {
        var executable = Executables.FirstOrDefault(File.Exists);
        Assert.True(executable is not null, "chromium is not installed: run scripts/services.sh install (apt-get install chromium).");
        var profile = Directory.CreateTempSubdirectory("cereon-chromium-");
        try
        {
            var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                         $"--user-data-dir={profile.FullName}", "--virtual-time-budget=10000", .. arguments, page.ToString()])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var log = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish with {page} within 90 s");
            }

            return (await output, await log);
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private sealed class OpenPage(Process process, DirectoryInfo profile) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
            profile.Delete(recursive: true);
        }
    }
}
