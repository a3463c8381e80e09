using System.Reflection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Tocsin.Server.WebConsole;

/// <summary>
/// Serves the console's files from resources embedded in this assembly (see the csproj), so <c>tocsin serve</c>, the tests
/// and a published binary all carry the same files without a content-root or copy step to get wrong.
/// </summary>
internal sealed class ConsoleFiles : IFileProvider
{
    public const string ResourcePrefix = "console/";

    private readonly Assembly _assembly = typeof(ConsoleFiles).Assembly;
    private readonly Dictionary<string, string> _resources;
    private readonly DateTimeOffset _lastModified;

    public ConsoleFiles()
    {
        _resources = _assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToDictionary(n => "/" + n[ResourcePrefix.Length..], n => n, StringComparer.Ordinal);
        // Static files derive ETag and Last-Modified from this; the build time changes whenever the files can.
        var location = _assembly.Location;
        _lastModified = location.Length > 0 && File.Exists(location) ? File.GetLastWriteTimeUtc(location) : DateTimeOffset.UnixEpoch;
    }

    public IReadOnlyCollection<string> Paths => _resources.Keys;

    public IFileInfo GetFileInfo(string subpath) =>
        _resources.TryGetValue(subpath, out var name) ? new ResourceFile(_assembly, name, subpath, _lastModified) : new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private sealed class ResourceFile(Assembly assembly, string resource, string path, DateTimeOffset lastModified) : IFileInfo
    {
        private long? _length;

        public bool Exists => true;
        public bool IsDirectory => false;
        public DateTimeOffset LastModified => lastModified;
        public string Name => Path.GetFileName(path);
        public string? PhysicalPath => null;

        public long Length
        {
            get
            {
                if (_length is null)
                {
                    using var s = CreateReadStream();
                    _length = s.Length;
                }
                return _length.Value;
            }
        }

        public Stream CreateReadStream() =>
            assembly.GetManifestResourceStream(resource) ?? throw new FileNotFoundException("embedded console file missing", path);
    }
}
