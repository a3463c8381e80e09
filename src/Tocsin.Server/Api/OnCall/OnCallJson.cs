using System.Text.Json;
using System.Text.Json.Serialization;
using Tocsin.Server.Api.Alerts;
using Tocsin.Server.Api.Escalation;
using Tocsin.Server.Api.Sources;

namespace Tocsin.Server.Api.OnCall;

/// <summary>Source-generated JSON for the on-call, escalation and source APIs (#3), chained after <see cref="ApiJson"/>.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UserRequest))]
[JsonSerializable(typeof(UserDto))]
[JsonSerializable(typeof(Page<UserDto>))]
[JsonSerializable(typeof(TeamRequest))]
[JsonSerializable(typeof(TeamDto))]
[JsonSerializable(typeof(Page<TeamDto>))]
[JsonSerializable(typeof(ScheduleRequest))]
[JsonSerializable(typeof(ScheduleDto))]
[JsonSerializable(typeof(Page<ScheduleDto>))]
[JsonSerializable(typeof(OverrideRequest))]
[JsonSerializable(typeof(OverrideDto))]
[JsonSerializable(typeof(Page<OverrideDto>))]
[JsonSerializable(typeof(OnCallDto))]
[JsonSerializable(typeof(Page<ShiftDto>))]
[JsonSerializable(typeof(PolicyRequest))]
[JsonSerializable(typeof(PolicyDto))]
[JsonSerializable(typeof(Page<PolicyDto>))]
[JsonSerializable(typeof(AssignRequest))]
[JsonSerializable(typeof(HandoffRequest))]
[JsonSerializable(typeof(RejectRequest))]
[JsonSerializable(typeof(ResponderRequest))]
[JsonSerializable(typeof(Page<SuggestedResponderDto>))]
[JsonSerializable(typeof(SourceRequest))]
[JsonSerializable(typeof(SourceDto))]
[JsonSerializable(typeof(Page<SourceDto>))]
[JsonSerializable(typeof(MaintenanceWindowRequest))]
[JsonSerializable(typeof(MaintenanceWindowDto))]
[JsonSerializable(typeof(Page<MaintenanceWindowDto>))]
internal sealed partial class OnCallJson : JsonSerializerContext;
