using Spectre.Console;
using Tocsin.Cli.Output;

namespace Tocsin.Cli.Commands;

internal static class CliAction
{
    /// <summary>Runs a client command, turning expected failures into one red line and exit code 1.</summary>
    public static async Task<int> RunAsync(Func<Task> body)
    {
        try
        {
            await body();
            return 0;
        }
        catch (CliException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
    }
}
