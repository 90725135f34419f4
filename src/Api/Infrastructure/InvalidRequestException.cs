namespace Digis.Api.Infrastructure;

/// <summary>
/// What the API cannot read from a request before any use case runs — a header, a query parameter: 400
/// <c>validation</c>, naming the field. (What a use case refuses, it refuses with a named rule.)
/// </summary>
public sealed class InvalidRequestException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
