using System.Globalization;

namespace Tocsin.Core.Alerts;

public enum ActorKind { System, ApiKey, User, Integration }

/// <summary>Who did something. Stored as a compact string: <c>system</c>, <c>key:12</c>, <c>user:7</c>, <c>integration:prometheus</c>.</summary>
public readonly record struct Actor(ActorKind Kind, string Id)
{
    public static readonly Actor System = new(ActorKind.System, "");

    public static Actor ApiKey(long id) => new(ActorKind.ApiKey, id.ToString(CultureInfo.InvariantCulture));
    public static Actor User(long id) => new(ActorKind.User, id.ToString(CultureInfo.InvariantCulture));
    public static Actor Integration(string name) => new(ActorKind.Integration, name);

    public override string ToString() => Kind switch
    {
        ActorKind.System => "system",
        ActorKind.ApiKey => "key:" + Id,
        ActorKind.User => "user:" + Id,
        _ => "integration:" + Id,
    };

    public static Actor Parse(string? text)
    {
        if (string.IsNullOrEmpty(text) || text == "system") return System;
        var colon = text.IndexOf(':');
        if (colon < 0) return new Actor(ActorKind.Integration, text);
        var id = text[(colon + 1)..];
        return text[..colon] switch
        {
            "key" => new Actor(ActorKind.ApiKey, id),
            "user" => new Actor(ActorKind.User, id),
            _ => new Actor(ActorKind.Integration, id),
        };
    }

    public long? UserId => Kind == ActorKind.User && long.TryParse(Id, out var v) ? v : null;
}
