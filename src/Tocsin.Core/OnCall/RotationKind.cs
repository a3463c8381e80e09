namespace Tocsin.Core.OnCall;

public enum RotationKind
{
    Hourly,
    Daily,
    Weekly,
    Custom,
}
