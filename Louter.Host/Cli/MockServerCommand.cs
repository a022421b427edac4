using System.CommandLine;
using Louter.Host.Hosting;
using Louter.Streams.Errors;
using Louter.Streams.Mock;
using Louter.Streams.Protocols.OpenAI;

namespace Louter.Host.Cli;

/// <summary>
/// <c>louter mock-server [--listen HOST:PORT] [--chunk-delay MS]</c>: the built-in echo model as a
/// stand-alone OpenAI-compatible server, with no gateway in front — a backend to point Louter (or
/// any client) at without keys, and the "direct" baseline when measuring Louter's overhead.
/// </summary>
internal static class MockServerCommand
{
    public static Command Create(TextWriter stdout)
    {
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to listen on.", DefaultValueFactory = _ => "127.0.0.1:8090" };
        var delay = new Option<int>("--chunk-delay") { Description = "Milliseconds between streamed chunks.", DefaultValueFactory = _ => 0 };
        var command = new Command("mock-server", "Run the built-in echo model as a stand-alone OpenAI-compatible server (no gateway).") { listen, delay };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k =>
            {
                ListenEndpoint.Apply(k, parse.GetValue(listen)!);
                k.AddServerHeader = false;
            });
            await using var app = builder.Build();
            var invoker = new HttpMessageInvoker(new MockChatHandler(TimeSpan.FromMilliseconds(parse.GetValue(delay)), TimeProvider.System));
            app.MapPost("/v1/chat/completions", context => ServeAsync(context, invoker));
            app.MapGet("/v1/models", () => Results.Text("""{"object":"list","data":[{"id":"louter-mock","object":"model","created":0,"owned_by":"louter"}]}""", "application/json"));
            await app.StartAsync(cancellationToken);
            await stdout.WriteLineAsync($"louter mock-server: listening on {string.Join(", ", app.Urls)}");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>Hands the HTTP request to the same in-process handler the mock backend uses, and copies its answer out.</summary>
    private static async Task ServeAsync(HttpContext context, HttpMessageInvoker invoker)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://louter-mock.invalid/v1/chat/completions")
        {
            Content = new StreamContent(context.Request.Body),
        };
        try
        {
            using var response = await invoker.SendAsync(request, context.RequestAborted);
            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await using var body = await response.Content.ReadAsStreamAsync(context.RequestAborted);
            var buffer = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // client went away
        }
        catch (InvalidDataException e)
        {
            context.Response.StatusCode = 400;
            await context.Response.Body.WriteAsync(OpenAIErrors.Render(GatewayError.Invalid(e.Message)));
        }
    }
}
