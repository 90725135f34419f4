namespace Digis.Application.Common.Exceptions;

/// <summary>Unknown id, or one the caller may not know about: 404 <c>not-found</c>.</summary>
public sealed class NotFoundException(string what) : Exception($"{what} was not found.");
