namespace Cereon.Silo.Storage;

/// <summary>What one run of <see cref="PostgresMigrator.MigrateAsync"/> did.</summary>
/// <param name="Applied">The migrations this run applied, in order, named as their files (<c>0002_grain_storage</c>); empty when the database was already up to date.</param>
/// <param name="SchemaVersion">The highest migration version recorded in the database after the run; 0 when none is.</param>
public sealed record MigrationReport(IReadOnlyList<string> Applied, int SchemaVersion);
