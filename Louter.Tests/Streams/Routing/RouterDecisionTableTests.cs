using System.Globalization;
using System.Text;
using Louter.Streams.Classification;
using Louter.Streams.Errors;
using Louter.Streams.Routing;
using Louter.Streams.Routing.Balancing;
using Louter.Streams.Routing.Strategies;
using Xunit;

namespace Louter.Tests.Streams.Routing;

/// <summary>
/// Routing decisions as a table: the request's needs × the configured backends → the ordered
/// candidates (the failover order) or the error code. Each row routes once on a fresh router, so
/// round-robin starts at config order.
/// </summary>
/// <remarks>
/// Backend spec: <c>name [caps] key=value…</c>; caps are capability names joined by ',' or '*' for
/// "accepts everything"; keys: p (priority), ctx (context_window), fb (fallback), price (USD/token,
/// input and output alike), map (client&gt;upstream; a backend without map serves every model), open
/// (circuit open).
/// </remarks>
public sealed class RouterDecisionTableTests
{
    private const string Seed = "text-model [text,function_calling];vision-model [text,vision,function_calling]";

    public static TheoryData<string, string, bool, string, string, string> Rows() => new()
    {
        // description, strategy, prefer_text_model, needs, backends, expected ("a>b" or "!error_code")
        { "seed: text goes to the fast cheap text model, the vision model is the failover", "content-based", true, "text", Seed, "text-model>vision-model" },
        { "seed: an image goes to the vision model only", "content-based", true, "text+vision", Seed, "vision-model" },
        { "seed: tools without media still prefer the text model", "content-based", true, "text+function_calling+stream", Seed, "text-model>vision-model" },
        { "seed: audio is refused, naming what is missing", "content-based", true, "text+audio", Seed, "!unsupported_capability" },
        { "seed order reversed: prefer_text_model still picks the text model", "content-based", true, "text", "vision-model [text,vision,function_calling];text-model [text,function_calling]", "text-model>vision-model" },
        { "without prefer_text_model: config order (first round-robin turn)", "content-based", false, "text", "vision-model [text,vision,function_calling];text-model [text,function_calling]", "vision-model>text-model" },
        { "empty capabilities accept everything and count as the most capable", "content-based", true, "text", "any [*];small [text]", "small>any" },
        { "empty capabilities take an image", "content-based", true, "text+vision", "any [*];small [text]", "any" },
        { "prefer_text_model: equal capabilities, cheaper first", "content-based", true, "text", "dear [text] price=0.002;cheap [text] price=0.001", "cheap>dear" },
        { "prefer_text_model: an unknown price ranks after a known one", "content-based", true, "text", "unpriced [text];priced [text] price=0.5", "priced>unpriced" },
        { "priority beats prefer_text_model", "content-based", true, "text", "vision [text,vision] p=1;text [text] p=2", "vision>text" },
        { "priority: lower number first", "content-based", false, "text", "b [*] p=2;a [*] p=1", "a>b" },
        { "priority: the only capable backend wins whatever its priority", "content-based", false, "text+vision", "p1 [text] p=1;p9 [text,vision] p=9", "p9" },
        { "reasoning is soft: a backend declaring it goes first", "content-based", false, "text+reasoning", "plain [text];thinker [text,reasoning]", "thinker>plain" },
        { "reasoning is soft: nobody declares it, still served", "content-based", false, "text+reasoning", "plain [text];other [text,vision]", "plain>other" },
        { "structured output is soft too", "content-based", false, "text+structured_output", "plain [text];json [text,structured_output]", "json>plain" },
        { "vision and audio on different backends: refused as a combination", "content-based", false, "text+vision+audio", "eyes [text,vision];ears [text,audio]", "!unsupported_capability" },
        { "document and video", "content-based", false, "text+document+video", "docs [text,document];all [text,document,video]", "all" },
        { "context window: a too-small backend is skipped", "content-based", false, "text", "small [*] ctx=10;big [*] ctx=100000", "big" },
        { "context window: a backend without one is not checked", "content-based", false, "text", "small [*] ctx=10;unchecked [*]", "unchecked" },
        { "context window: nothing is large enough", "content-based", false, "text", "small [*] ctx=10;tiny [*] ctx=5", "!context_length_exceeded" },
        { "mapped backends win over pass-through ones", "content-based", false, "text", "any [*];mapped [*] map=m>up", "mapped" },
        { "model in no mapping and no pass-through backend", "content-based", false, "text", "a [*] map=x>y;b [*] map=z>w", "!model_not_found" },
        { "fallback: appended after the primaries", "content-based", false, "text", "a [*] map=m>ua fb=b;b [*] map=x>y", "a>b" },
        { "fallback: an open primary hands over to its stand-by", "content-based", false, "text", "a [*] map=m>ua fb=b open;b [*] map=x>y", "b" },
        { "fallback: chains are followed", "content-based", false, "text", "a [*] map=m>ua fb=b;b [*] map=x>y fb=c;c [*] map=x>y", "a>b>c" },
        { "fallback: an open link is stepped over", "content-based", false, "text", "a [*] map=m>ua fb=b;b [*] map=x>y fb=c open;c [*] map=x>y", "a>c" },
        { "fallback: a stand-by that cannot take the image is left out", "content-based", false, "text+vision", "a [text,vision] map=m>ua fb=b;b [text] map=x>y", "a" },
        { "fallback: no repeats", "content-based", false, "text", "a [*] fb=b;b [*] fb=c;c [*]", "a>b>c" },
        { "every circuit open", "content-based", false, "text", "a [*] open;b [*] open", "!backend_unavailable" },
        { "an open circuit is skipped", "content-based", false, "text", "a [*] open;b [*]", "b" },
        { "strategy model: capabilities are not looked at", "model", true, "text+vision", Seed, "text-model>vision-model" },
        { "strategy model: priority is not looked at", "model", false, "text", "b [*] p=2;a [*] p=1", "b>a" },
        { "strategy priority: by priority, then config order", "priority", false, "text+audio", "c [text] p=2;a [text] p=1;b [text] p=1", "a>b>c" },
        { "strategy priority: model not found", "priority", false, "text", "a [*] map=x>y", "!model_not_found" },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Route_DecisionTable(string description, string strategy, bool preferText, string needs, string backends, string expected)
    {
        var router = new Router(new RoutingOptions { Strategy = strategy, PreferTextModel = preferText }, new BackendLoad(), static () => 0.5);

        var result = router.Route(Table(backends), new RouteRequest("m", ParseNeeds(needs), Body(400)));

        if (expected.StartsWith('!'))
        {
            Assert.True(result.Error is not null, $"{description}: expected {expected}, routed to {string.Join(">", result.Candidates.Select(c => c.Backend.Name))}");
            Assert.Equal(expected[1..], result.Error.Code);
            Assert.Empty(result.Candidates);
        }
        else
        {
            Assert.True(result.Error is null, $"{description}: {result.Error?.Message}");
            Assert.Equal(expected, string.Join(">", result.Candidates.Select(c => c.Backend.Name)));
        }

        Assert.Equal(strategy, result.Mode);
        Assert.NotEmpty(result.Reason);
    }

    [Fact]
    public void Route_Audio_ErrorSaysNoBackendAcceptsAudioInput()
    {
        var result = ContentRouter().Route(Table(Seed), new RouteRequest("gpt-4o", RequestNeeds.Text | RequestNeeds.Audio));

        Assert.NotNull(result.Error);
        Assert.Equal(GatewayErrorKind.InvalidRequest, result.Error.Kind);
        Assert.Equal(400, result.Error.Status);
        Assert.Contains("No configured backend accepts audio input", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(RouteOutcomes.NoCapability, result.Outcome);
    }

    [Fact]
    public void Route_VisionAndAudioOnDifferentBackends_ErrorNamesTheCombination()
    {
        var result = ContentRouter().Route(Table("eyes [text,vision];ears [text,audio]"), new RouteRequest("m", RequestNeeds.Text | RequestNeeds.Vision | RequestNeeds.Audio));

        Assert.Contains("image input (vision) and audio input together", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_ContextExceeded_SaysTheEstimateAndTheLargestWindow()
    {
        var result = ContentRouter().Route(Table("small [*] ctx=100"), new RouteRequest("m", RequestNeeds.Text, Body(4000)));

        Assert.Equal(400, result.Error!.Status);
        Assert.Contains("about 1000 input tokens", result.Error.Message, StringComparison.Ordinal);
        Assert.Contains("100 tokens", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(RouteOutcomes.ContextExceeded, result.Outcome);
    }

    [Fact]
    public void Route_OpenPrimaryWithFallback_OutcomeIsFallbackAndTheStandByGetsTheClientModelName()
    {
        var result = ContentRouter().Route(Table("a [*] map=m>ua fb=b open;b [*] map=x>y"), RouteRequest.ForModel("m"));

        Assert.Equal(RouteOutcomes.Fallback, result.Outcome);
        var only = Assert.Single(result.Candidates);
        Assert.Equal("m", only.UpstreamModel);
        Assert.Contains("fallback a → b", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_PriceFromThePricingTable_ByUpstreamModel()
    {
        var router = new Router(new RoutingOptions
        {
            PreferTextModel = true,
            ModelPrices = new Dictionary<string, TokenPrice> { ["dear-up"] = new(0.01, 0.02), ["cheap-up"] = new(0.001, 0.002) },
        }, new BackendLoad(), static () => 0.5);

        var result = router.Route(Table("dear [text] map=m>dear-up;cheap [text] map=m>cheap-up"), RouteRequest.ForModel("m"));

        Assert.Equal(["cheap", "dear"], result.Candidates.Select(c => c.Backend.Name));
    }

    [Fact]
    public void Route_Success_ReasonNamesNeedsCountsAndOrder()
    {
        var result = ContentRouter().Route(Table(Seed), new RouteRequest("gpt-4o", RequestNeeds.Text | RequestNeeds.Vision));

        Assert.Equal(RouteOutcomes.Routed, result.Outcome);
        Assert.Contains("needs text+vision", result.Reason, StringComparison.Ordinal);
        Assert.Contains("2 serve `gpt-4o` (passed through), 1 can take it", result.Reason, StringComparison.Ordinal);
        Assert.EndsWith("→ vision-model", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Route_RoundRobinAmongEquals_TakesTurnsAndKeepsTheOthersAsFailover()
    {
        var router = new Router(new RoutingOptions(), new BackendLoad(), static () => 0.5);
        var table = Table("a [*];b [*];c [*]");

        var orders = Enumerable.Range(0, 4).Select(_ => string.Join(">", router.Route(table, RouteRequest.ForModel("m")).Candidates.Select(c => c.Backend.Name)));

        Assert.Equal(["a>b>c", "b>c>a", "c>a>b", "a>b>c"], orders);
    }

    private static Router ContentRouter() => new(new RoutingOptions { PreferTextModel = true }, new BackendLoad(), static () => 0.5);

    private static ReadOnlyMemory<byte> Body(int bytes) => Encoding.UTF8.GetBytes(new string(' ', bytes));

    private static RequestNeeds ParseNeeds(string needs) =>
        needs.Split('+').Aggregate(RequestNeeds.None, (all, name) =>
            all | (name == "stream" ? RequestNeeds.Stream : Capabilities.TryParse(name, out var flag) ? flag : throw new ArgumentException(name)));

    internal static RoutingTable Table(string spec)
    {
        var table = RoutingTable.Create(spec.Split(';').Select((s, i) => Backend(s.Trim(), i)).ToList());
        foreach (var open in spec.Split(';').Where(s => s.Split(' ').Contains("open")))
        {
            table = table.With(open.Trim().Split(' ')[0], new BackendStatus(CircuitState.Open, Forced: false, Version: 1));
        }

        return table;
    }

    private static BackendDescriptor Backend(string spec, int order)
    {
        var parts = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var caps = parts[1].Trim('[', ']');
        var d = new BackendDescriptor { Name = parts[0], Order = order, Capabilities = caps == "*" ? [] : caps.Split(',') };
        foreach (var option in parts.Skip(2))
        {
            var (key, value) = option.Split('=') is [var k, var v] ? (k, v) : (option, "");
            d = key switch
            {
                "p" => d with { Priority = int.Parse(value, CultureInfo.InvariantCulture) },
                "ctx" => d with { ContextWindow = long.Parse(value, CultureInfo.InvariantCulture) },
                "fb" => d with { Fallback = value },
                "price" => d with { Price = new TokenPrice(double.Parse(value, CultureInfo.InvariantCulture), double.Parse(value, CultureInfo.InvariantCulture)) },
                "map" => d with { ModelMapping = new Dictionary<string, string> { [value.Split('>')[0]] = value.Split('>')[1] } },
                "open" => d,
                _ => throw new ArgumentException(option),
            };
        }

        return d;
    }
}
