namespace Louter.Host.Config;

/// <summary>The spellings a string setting accepts and what each one means, in the order shown in error messages.</summary>
internal sealed class ChoiceSet<T>
{
    private readonly (string Name, T Value)[] _choices;
    private readonly (string Name, T Value)[] _aliases;

    public ChoiceSet((string Name, T Value)[] choices, (string Name, T Value)[]? aliases = null)
    {
        _choices = choices;
        _aliases = aliases ?? [];
    }

    public IEnumerable<string> Names => _choices.Select(c => c.Name);

    /// <summary>Exact, case-sensitive match: the file format is lower-case with hyphens, one spelling per value.</summary>
    public bool TryGet(string name, out T value)
    {
        foreach (var (choice, v) in _choices.Concat(_aliases))
        {
            if (choice == name)
            {
                value = v;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public string NameOf(T value) =>
        _choices.FirstOrDefault(c => EqualityComparer<T>.Default.Equals(c.Value, value)).Name ?? value?.ToString() ?? "";

    /// <summary><c>unknown value "x"; expected one of: a, b, c; did you mean "a"?</c></summary>
    public string Unknown(string name) =>
        $"unknown value \"{name}\"; expected one of: {string.Join(", ", Names)}{DidYouMean.Hint(name, Names)}";
}
