using System.Text.Json;
using System.Text.Json.Serialization;
using Tocsin.Core.Escalation;
using Tocsin.Core.OnCall;

namespace Tocsin.Storage.Sql.OnCall;

/// <summary>JSON columns of the on-call tables: schedule layers, policy rules and snapshots, support hours, id lists. Enum names are stored as strings.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<ScheduleLayer>))]
[JsonSerializable(typeof(List<EscalationRule>))]
[JsonSerializable(typeof(EscalationPolicy))]
[JsonSerializable(typeof(SupportHours))]
[JsonSerializable(typeof(List<long>))]
internal sealed partial class OnCallStorageJson : JsonSerializerContext;

internal static class OnCallRows
{
    public static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();
    public static DateTimeOffset Time(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
    public static string T(Guid tenantId) => tenantId.ToString();

    public static string Wire(TargetKind k) => k switch { TargetKind.User => "user", TargetKind.Schedule => "schedule", _ => "team" };
    public static TargetKind Kind(string s) => s switch { "user" => TargetKind.User, "schedule" => TargetKind.Schedule, _ => TargetKind.Team };
}
