namespace Digis.Application.Common.Exceptions;

/// <summary>Missing or invalid credentials or signature: 401 <c>unauthorized</c>.</summary>
public sealed class UnauthorizedException(string message) : Exception(message);
