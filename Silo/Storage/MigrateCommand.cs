using Cereon.Hosting;
using Cereon.Silo.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using Serilog;
using Serilog.Extensions.Logging;

namespace Cereon.Silo.Storage;

/// <summary>
/// <c>Cereon.Silo migrate</c>: applies the PostgreSQL schema and exits; what the Kubernetes migration Job and
/// <c>scripts/cluster.sh up</c> run before any silo starts. Reads the same configuration as the silo.
/// </summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        using var serilog = new LoggerConfiguration().WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture).CreateLogger();
        using var loggers = new SerilogLoggerFactory(serilog);
        var logger = loggers.CreateLogger("Cereon.Silo.Migrate");
        try
        {
            var storage = ValidatedSettings.Read(configuration, StorageOptions.SectionName, new StorageOptionsValidator());
            if (storage.Provider != StorageProviders.Postgres)
            {
                await Console.Error.WriteLineAsync("Invalid configuration: Cereon:Storage:Provider must be postgres to migrate (env Cereon__Storage__Provider).");
                return 2;
            }

            using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(5));
            var report = await PostgresMigrator.MigrateAsync(storage.ConnectionString!, logger, stopping.Token);
            await Console.Out.WriteLineAsync(report.Applied.Count == 0
                ? $"Schema is up to date (version {report.SchemaVersion})."
                : $"Applied {string.Join(", ", report.Applied)}; schema version {report.SchemaVersion}.");
            return 0;
        }
        catch (OptionsValidationException invalid)
        {
            await Console.Error.WriteLineAsync("Invalid configuration: " + string.Join(" ", invalid.Failures));
            return 2;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"Migration failed: {ex.Message}");
            return 1;
        }
    }
}
