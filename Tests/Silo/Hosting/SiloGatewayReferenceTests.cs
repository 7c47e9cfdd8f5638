using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Cereon.Silo.Hosting;

namespace Cereon.Tests.Silo.Hosting;

/// <summary>
/// The silo references the gateway only to co-host it (<c>Cereon:Silo:HostGateway</c>): host-level plumbing such as
/// security and JSON errors comes from <c>Hosting/</c>, so a silo without the gateway runs none of the gateway's code.
/// Read from the compiled assembly's metadata, which lists every type and member it uses from another assembly.
/// </summary>
public sealed class SiloGatewayReferenceTests
{
    private const string GatewayAssembly = "Cereon.Gateway";
    private const string CoHosting = "Cereon.Gateway.Hosting.GatewayHostingExtensions";

    [Fact]
    public void Silo_UsesNothingOfTheGateway_ButItsCoHostingEntryPoints()
    {
        using var file = File.OpenRead(typeof(SiloHostingExtensions).Assembly.Location);
        using var image = new PEReader(file);
        var metadata = image.GetMetadataReader();

        var types = metadata.TypeReferences
            .Where(handle => AssemblyOf(metadata, handle) == GatewayAssembly)
            .Select(handle => NameOf(metadata, handle));
        var members = metadata.MemberReferences
            .Select(metadata.GetMemberReference)
            .Where(member => member.Parent.Kind == HandleKind.TypeReference && AssemblyOf(metadata, (TypeReferenceHandle)member.Parent) == GatewayAssembly)
            .Select(member => $"{NameOf(metadata, (TypeReferenceHandle)member.Parent)}::{metadata.GetString(member.Name)}");

        Assert.Equal(
            [CoHosting, $"{CoHosting}::AddCereonGateway", $"{CoHosting}::MapCereonGateway"],
            types.Concat(members).Distinct().Order(StringComparer.Ordinal));
    }

    private static string? AssemblyOf(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var scope = metadata.GetTypeReference(handle).ResolutionScope;
        return scope.Kind switch
        {
            HandleKind.AssemblyReference => metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)scope).Name),
            HandleKind.TypeReference => AssemblyOf(metadata, (TypeReferenceHandle)scope),
            _ => null,
        };
    }

    private static string NameOf(MetadataReader metadata, TypeReferenceHandle handle)
    {
        var type = metadata.GetTypeReference(handle);
        var name = metadata.GetString(type.Name);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? $"{NameOf(metadata, (TypeReferenceHandle)type.ResolutionScope)}+{name}"
            : $"{metadata.GetString(type.Namespace)}.{name}";
    }
}
