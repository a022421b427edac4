namespace Louter.Host.Config;

/// <summary>Binds [cost_tracking], [cost_tracking.pricing] and [cost_tracking.budgets].</summary>
internal static class CostTrackingBinder
{
    private static readonly string[] PriceKeys = ["input", "output"];

    public static CostTrackingConfig Bind(TomlSection section, Func<string, string?> env)
    {
        var defaults = new CostTrackingConfig();
        var config = new CostTrackingConfig
        {
            Enabled = section.GetBool("enabled") ?? defaults.Enabled,
            Pricing = section.GetTable("pricing") is { } pricing ? BindPricing(pricing) : defaults.Pricing,
            Budgets = section.GetTable("budgets") is { } budgets ? BindBudgets(budgets, env) : defaults.Budgets,
        };
        section.ReportUnknownKeys();
        return config;
    }

    /// <summary>"model" = { input = USD per input token, output = USD per output token }.</summary>
    private static Dictionary<string, ModelPrice> BindPricing(TomlSection pricing)
    {
        pricing.KeysAreNames = true;
        var result = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var model in pricing.Keys.ToList())
        {
            if (pricing.GetTable(model) is not { } entry)
            {
                continue;
            }

            if (entry.Keys.Count() == 1 && entry.HoldsTable(entry.Keys.First()))
            {
                // A bare gpt-3.5-turbo = {...} parses as the table "gpt-3" holding "5-turbo".
                pricing.Error(model, $"a model name containing a dot must be quoted, e.g. \"{model}.{entry.Keys.First()}\" = {{ input = ..., output = ... }}");
                continue;
            }

            var input = entry.GetNumber("input", 0);
            var output = entry.GetNumber("output", 0);
            foreach (var key in PriceKeys.Where(k => !entry.Contains(k)))
            {
                entry.Missing(key, "is required: the price in USD per token, e.g. { input = 0.00003, output = 0.00006 }");
            }

            entry.ReportUnknownKeys();
            if (input is { } i && output is { } o)
            {
                result[model] = new ModelPrice(i, o);
            }
        }

        return result;
    }

    private static BudgetConfig BindBudgets(TomlSection budgets, Func<string, string?> env)
    {
        var config = new BudgetConfig
        {
            DailyLimitUsd = budgets.GetNumber("daily_limit_usd", 0),
            MonthlyLimitUsd = budgets.GetNumber("monthly_limit_usd", 0),

            // Webhook URLs embed their own credential (Slack's do), so ${ENV} is allowed here too.
            AlertWebhook = budgets.GetHttpUrl("alert_webhook", env),
        };
        budgets.ReportUnknownKeys();
        return config;
    }
}
