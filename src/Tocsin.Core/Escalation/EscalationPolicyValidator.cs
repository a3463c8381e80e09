using Tocsin.Core.OnCall;

namespace Tocsin.Core.Escalation;

public static class EscalationPolicyValidator
{
    public static IReadOnlyList<FieldError> Validate(EscalationPolicy policy)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(policy.Name))
            errors.Add(new("name", "must not be empty"));
        if (policy.Rules.Count == 0)
            errors.Add(new("rules", "a policy needs at least one rule"));
        if (policy.Repeat < 0)
            errors.Add(new("repeat", "must be zero or more"));
        if (policy.InitialDelay < TimeSpan.Zero)
            errors.Add(new("initialDelay", "must be zero or more"));
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i];
            if (rule.Timeout <= TimeSpan.Zero)
                errors.Add(new($"rules[{i}].timeout", "must be greater than zero"));
            if (rule.Targets.Count == 0)
                errors.Add(new($"rules[{i}].targets", "a rule needs at least one target"));
            for (var t = 0; t < rule.Targets.Count; t++)
            {
                if (!Enum.IsDefined(rule.Targets[t].Kind))
                    errors.Add(new($"rules[{i}].targets[{t}].kind", $"unknown target kind {(int)rule.Targets[t].Kind}"));
                if (rule.Targets[t].Id <= 0)
                    errors.Add(new($"rules[{i}].targets[{t}].id", "must be a positive id"));
            }
        }
        return errors;
    }
}
