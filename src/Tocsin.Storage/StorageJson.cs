using System.Text.Json;
using System.Text.Json.Serialization;
using Tocsin.Core.Alerts;

namespace Tocsin.Storage;

/// <summary>Source-generated JSON for the columns that hold collections; the write path is hot, reflection is not welcome there.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<AlertLink>))]
[JsonSerializable(typeof(List<AlertImage>))]
[JsonSerializable(typeof(List<Responder>))]
internal sealed partial class StorageJson : JsonSerializerContext;
