namespace Tocsin.Core.OnCall;

public enum OnCallSource
{
    Nobody,
    Layer,
    Override,
}
