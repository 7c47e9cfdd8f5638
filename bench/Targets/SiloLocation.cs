namespace Cereon.Bench.Targets;

/// <summary>The built embedded silo: the directory it runs in (for its appsettings.json) and its Release dll.</summary>
internal sealed record SiloLocation(string Directory, string Dll);
