using System.Reflection;
using Cereon.Gateway.Hosting;
using Cereon.Grains.Caching;
using Cereon.Hosting;
using Cereon.Silo.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Hosting.Kubernetes;

namespace Cereon.Tests.Deployment;

/// <summary>
/// Reads a process environment the way our hosts do, so deployment files are checked against the code: a
/// <c>Cereon__A__B</c> key must bind to property B of an options class whose <c>SectionName</c> is <c>Cereon:A</c>
/// (unknown keys refused, nested ones by the binder), and each bound class must pass its own validator.
/// </summary>
public static class CereonSettings
{
    private const string AspNetCorePrefix = "ASPNETCORE_";

    private static readonly Assembly[] CereonAssemblies =
        [typeof(CereonClusterOptions).Assembly, typeof(CardCacheOptions).Assembly, typeof(GatewayOptions).Assembly, typeof(SiloOptions).Assembly];

    /// <summary>
    /// Every options class of ours, by its configuration section. A section may hold several: <c>Cereon:Gateway</c>
    /// has the gateway's settings and every host's trusted proxies.
    /// </summary>
    public static ILookup<string, Type> OptionsBySection { get; } = CereonAssemblies
        .SelectMany(a => a.GetTypes())
        .Select(t => (Type: t, Section: t.GetField("SectionName", BindingFlags.Public | BindingFlags.Static)?.GetRawConstantValue() as string))
        .Where(p => p.Section?.StartsWith("Cereon:", StringComparison.Ordinal) == true)
        .ToLookup(p => p.Section!, p => p.Type, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Environment names that are not ours but that the code reads: the ASP.NET Core host's URLs, ports and shutdown timeout,
    /// and Microsoft.Orleans.Hosting.Kubernetes' pod identity and cluster ids.
    /// </summary>
    public static IReadOnlySet<string> HostVariables { get; } = typeof(KubernetesHostingOptions)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.Name.EndsWith("EnvironmentVariable", StringComparison.Ordinal))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Concat([AspNetCorePrefix + WebHostDefaults.ServerUrlsKey, AspNetCorePrefix + WebHostDefaults.HttpPortsKey, AspNetCorePrefix + WebHostDefaults.ShutdownTimeoutKey])
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configuration a host builds from these environment variables (prefix and <c>__</c> handling).</summary>
    public static IConfiguration ToConfiguration(IReadOnlyDictionary<string, string> environment) =>
        new ConfigurationBuilder().AddInMemoryCollection(environment.Select(p => KeyValuePair.Create(
            (p.Key.StartsWith(AspNetCorePrefix, StringComparison.OrdinalIgnoreCase) ? p.Key[AspNetCorePrefix.Length..] : p.Key)
                .Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal),
            (string?)p.Value))).Build();

    /// <summary>What is wrong with these variables for our processes; empty when every one is real and valid.</summary>
    public static IReadOnlyList<string> Problems(IReadOnlyDictionary<string, string> environment)
    {
        var problems = environment.Keys
            .Where(k => !k.StartsWith("Cereon__", StringComparison.Ordinal) && !HostVariables.Contains(k))
            .Select(k => $"{k} is read by nothing in the silo or gateway")
            .ToList();
        var configuration = ToConfiguration(environment);
        foreach (var section in configuration.GetSection("Cereon").GetChildren())
        {
            var types = OptionsBySection[section.Path].ToArray();
            if (types.Length == 0)
            {
                problems.Add($"Cereon__{section.Key}__*: no options class has section {section.Path}");
                continue;
            }

            problems.AddRange(section.GetChildren()
                .Where(key => !types.Any(type => HasProperty(type, key.Key)))
                .Select(key => $"{key.Path} is a setting of no options class of section {section.Path}"));
            foreach (var type in types)
            {
                try
                {
                    var options = PartOf(section, type).Get(type, binder => binder.ErrorOnUnknownConfiguration = true) ?? Activator.CreateInstance(type)!;
                    problems.AddRange(Validate(type, options));
                }
                catch (InvalidOperationException unknown)
                {
                    problems.Add($"{section.Path}: {unknown.Message}");
                }
            }
        }

        return problems;
    }

    public static T Bind<T>(IReadOnlyDictionary<string, string> environment)
        where T : class, new() =>
        ToConfiguration(environment).GetSection((string)typeof(T).GetField("SectionName")!.GetRawConstantValue()!).Get<T>() ?? new T();

    /// <summary>The host's shutdown timeout under these variables, as the .NET host itself reads it.</summary>
    public static TimeSpan ShutdownTimeout(IReadOnlyDictionary<string, string> environment)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddConfiguration(ToConfiguration(environment));
        using var host = builder.Build();
        return host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout;
    }

    private static bool HasProperty(Type type, string name) =>
        type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is not null;

    /// <summary>
    /// The keys of <paramref name="section"/> that <paramref name="type"/> has a property for, with their children.
    /// </summary>
    private static IConfiguration PartOf(IConfigurationSection section, Type type) =>
        new ConfigurationBuilder().AddInMemoryCollection(section.AsEnumerable(makePathsRelative: true)
            .Where(setting => HasProperty(type, setting.Key.Split(ConfigurationPath.KeyDelimiter)[0]))).Build();

    private static IEnumerable<string> Validate(Type optionsType, object options)
    {
        var validatorInterface = typeof(IValidateOptions<>).MakeGenericType(optionsType);
        var validator = CereonAssemblies.SelectMany(a => a.GetTypes()).SingleOrDefault(t => t.IsClass && validatorInterface.IsAssignableFrom(t));
        if (validator is null)
        {
            return [];
        }

        var result = (ValidateOptionsResult)validatorInterface.GetMethod(nameof(IValidateOptions<object>.Validate))!
            .Invoke(Activator.CreateInstance(validator, nonPublic: true), [null, options])!;
        return result.Failed ? result.Failures ?? [result.FailureMessage] : [];
    }
}
